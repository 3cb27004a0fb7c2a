// The predicted images in review order (worst Dice first, most uncertain first, or by name).
import { useEffect, useRef } from 'react'
import type { PredictionSummary } from '../../../../shared/views'
import { fmtMetric } from '../training/run-metrics'

export type QueueSort = 'worst' | 'uncertain' | 'name'

export function PredictionQueue({ items, currentId, onSelect, sort, onSort }: {
  items: PredictionSummary[]
  currentId: number | null
  onSelect: (id: number) => void
  sort: QueueSort
  onSort: (s: QueueSort) => void
}) {
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => {
    list.current?.querySelector('.queue-item.current')?.scrollIntoView({ block: 'nearest' })
  }, [currentId])
  const reviewed = items.filter((i) => i.review !== 'none').length
  return (
    <aside className="review-queue-panel">
      <div className="queue-head">
        <select data-testid="queue-sort" value={sort} onChange={(e) => { e.currentTarget.blur(); onSort(e.target.value as QueueSort) }} aria-label="queue order">
          <option value="worst">worst Dice first</option>
          <option value="uncertain">most uncertain first</option>
          <option value="name">by name</option>
        </select>
        <span className="muted small">{items.length} images · {reviewed} reviewed · J/K to move</span>
      </div>
      <ol className="review-queue" data-testid="review-queue" ref={list}>
        {items.map((it, i) => (
          <li key={it.imageId}>
            <button
              className={`queue-item${it.imageId === currentId ? ' current' : ''}`}
              data-testid="queue-item"
              data-image-id={it.imageId}
              data-dice={it.dice === null ? '' : it.dice.toFixed(6)}
              data-review={it.review}
              onClick={() => onSelect(it.imageId)}
            >
              <span className="queue-rank muted">{i + 1}</span>
              <span className="queue-name" title={it.name}>{it.name}</span>
              <span className="queue-score">{it.hasGroundTruth ? `Dice ${fmtMetric(it.dice)} · IoU ${fmtMetric(it.iou)}` : `no truth · u ${fmtMetric(it.uncertainty, 2)}`}</span>
              {it.review !== 'none' && <span className={`review-badge review-${it.review}`}>{it.review}</span>}
            </button>
          </li>
        ))}
      </ol>
    </aside>
  )
}
