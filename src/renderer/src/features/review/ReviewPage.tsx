// Prediction review: pick a finished run (or the route's), then the segmentation or the
// classification review for it.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import { navigate } from '../../app/route'
import type { ProjectInfo, RunSummary } from '../../../../shared/domain'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ClassificationReviewView } from './ClassificationReviewView'
import { SegmentationReview } from './SegmentationReview'

const reviewable = (r: RunSummary) => r.status === 'done' || (r.status === 'cancelled' && r.best !== null)

export function ReviewPage({ project, runId }: { project: ProjectInfo; runId?: string }) {
  const [runs, setRuns] = useState<RunSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    const load = () => api.training.runs({ projectId: project.id }).then((r) => live && setRuns(r)).catch((e: Error) => live && setError(e.message))
    void load()
    // A run that finishes while this page is open becomes reviewable without a reload.
    const off = api.on('training:status', (s) => { if (s.projectId === project.id && s.run.status !== 'running') void load() })
    return () => {
      live = false
      off()
    }
  }, [project.id])

  const choices = (runs ?? []).filter((r) => reviewable(r) || r.id === runId)
  const run = runs ? (runId ? runs.find((r) => r.id === runId) : choices[0]) ?? null : null

  return (
    <div className="review-page" data-testid="review-page" data-run-id={run?.id ?? ''} data-task={run?.task ?? ''}>
      <header className="review-head">
        <label>Run
          <select data-testid="review-run" value={run?.id ?? ''} onChange={(e) => { e.currentTarget.blur(); navigate({ name: 'review', projectId: project.id, runId: e.target.value }) }}>
            {!run && <option value="">—</option>}
            {choices.map((r) => <option key={r.id} value={r.id}>{r.name} · {r.task} · {r.id}</option>)}
          </select>
        </label>
        {run && <span className="muted small">{run.task} · backend {run.backend ?? '-'} · {run.status}</span>}
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
      </header>
      {runs && !run && (
        <p className="muted" data-testid="no-runs">
          {runId ? `Run ${runId} does not exist in this project.` : 'No finished run to review yet: train one on the Training page.'}
        </p>
      )}
      {run && run.task === 'segmentation' && <SegmentationReview key={run.id} project={project} run={run} />}
      {run && run.task === 'classification' && <ClassificationReviewView key={run.id} project={project} run={run} />}
    </div>
  )
}
