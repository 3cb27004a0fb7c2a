// ROC curve as a small SVG (a few hundred points at most), with the operating point at the threshold.
import type { ClassificationReview } from '../../../../shared/views'
import { operatingPoint } from './classification-order'

const S = 220
const PAD = 28

export function RocCurve({ review }: { review: ClassificationReview }) {
  if (review.roc.length === 0) return <p className="muted small" data-testid="roc-empty">ROC needs a binary task with both classes labelled.</p>
  const pts = [...review.roc].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr)
  const x = (f: number) => PAD + f * (S - PAD - 8)
  const y = (t: number) => S - PAD - t * (S - PAD - 8)
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.fpr).toFixed(1)},${y(p.tpr).toFixed(1)}`).join(' ')
  const op = operatingPoint(review.roc, review.threshold)
  return (
    <figure className="roc" data-testid="roc-curve" data-auc={review.auc ?? ''}>
      <svg width={S} height={S} role="img" aria-label={`ROC curve, AUC ${review.auc?.toFixed(3) ?? 'n/a'}`}>
        <rect x={x(0)} y={y(1)} width={x(1) - x(0)} height={y(0) - y(1)} fill="none" stroke="#3a3f48" />
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#3a3f48" strokeDasharray="4 3" />
        <path d={path} fill="none" stroke="#3fb950" strokeWidth={2} />
        {op && <circle cx={x(op.fpr)} cy={y(op.tpr)} r={4} fill="#f0883e" data-testid="roc-operating-point" />}
        <text x={x(0.5)} y={S - 6} textAnchor="middle" fill="#8b949e" fontSize={11}>false positive rate</text>
        <text x={10} y={y(0.5)} textAnchor="middle" fill="#8b949e" fontSize={11} transform={`rotate(-90 10 ${y(0.5)})`}>true positive rate</text>
      </svg>
      <figcaption>AUC <b data-testid="auc-value">{review.auc === null ? '-' : review.auc.toFixed(3)}</b></figcaption>
    </figure>
  )
}
