// Confusion matrix at the chosen threshold; each cell is a button that lists its images.
import type { ClassificationReview } from '../../../../shared/views'

export function ConfusionMatrix({ review, selected, onSelect }: {
  review: ClassificationReview
  selected: { actual: number; predicted: number } | null
  onSelect: (cell: { actual: number; predicted: number }) => void
}) {
  const k = review.confusion.length
  const name = (i: number) => review.classes[i] ?? `class ${i}`
  const max = Math.max(1, ...review.confusion.flat())
  return (
    <table className="confusion" data-testid="confusion-matrix">
      <thead>
        <tr><th className="muted small">actual ↓ / predicted →</th>{Array.from({ length: k }, (_, p) => <th key={p}>{name(p)}</th>)}</tr>
      </thead>
      <tbody>
        {review.confusion.map((row, a) => (
          <tr key={a}>
            <th>{name(a)}</th>
            {row.map((n, p) => {
              const isSel = selected?.actual === a && selected.predicted === p
              const shade = n / max
              return (
                <td key={p}>
                  <button
                    data-testid="confusion-cell" data-actual={a} data-predicted={p} data-count={n}
                    className={`confusion-cell${a === p ? ' diag' : ' off'}${isSel ? ' selected' : ''}`}
                    style={{ background: a === p ? `rgba(63,185,80,${0.15 + 0.6 * shade})` : `rgba(248,81,73,${0.1 + 0.6 * shade})` }}
                    onClick={() => onSelect({ actual: a, predicted: p })}
                  >
                    {n}
                  </button>
                </td>
              )
            })}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
