// Review status of the shown image: draft → in review → approved; approved is read-only until
// someone reopens it. Every change is recorded with the user's name by main.
import type { ReviewStatus } from '../../../../shared/domain'

const LABEL: Record<ReviewStatus, string> = { none: 'no mask yet', draft: 'draft', in_review: 'in review', approved: 'approved' }

export function ReviewPanel({ status, onSet, busy }: { status: ReviewStatus; onSet: (s: 'draft' | 'in_review' | 'approved') => void; busy: boolean }) {
  return (
    <section className="annotate-review">
      <h3>Review</h3>
      <div>
        Status: <span data-testid="review-status" className={`review-status review-${status}`}>{LABEL[status]}</span>
      </div>
      <div className="review-buttons">
        {(status === 'none' || status === 'draft') && (
          <button data-testid="review-submit" disabled={busy} onClick={() => onSet('in_review')}>Submit for review</button>
        )}
        {status === 'in_review' && (
          <>
            <button data-testid="review-approve" disabled={busy} onClick={() => onSet('approved')}>Approve</button>
            <button data-testid="review-draft" disabled={busy} onClick={() => onSet('draft')}>Back to draft</button>
          </>
        )}
        {status === 'approved' && (
          <button data-testid="review-reopen" disabled={busy} onClick={() => onSet('in_review')}>Reopen</button>
        )}
      </div>
    </section>
  )
}
