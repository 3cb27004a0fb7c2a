// The current image's label, who set it and when, the model's probability, and the label history.
import { useEffect, useState } from 'react'
import type { ImageLabel, LabelClass } from '../../../../shared/domain'
import { api } from '../../api'
import type { TriageItem } from './useTriage'
import { ModelPrediction } from './ModelPrediction'

export function LabelPanel({ projectId, item, classes, imageClasses, runId, version }: {
  projectId: string; item: TriageItem | undefined; classes: Map<number, LabelClass>; imageClasses: LabelClass[]; runId: string | undefined; version: number
}) {
  const [history, setHistory] = useState<ImageLabel[] | null>(null)
  useEffect(() => {
    if (!item) return
    let live = true
    api.labels.history({ projectId, imageId: item.imageId }).then((h) => { if (live) setHistory(h) }, () => { if (live) setHistory([]) })
    return () => { live = false }
  }, [projectId, item?.imageId, version])

  if (!item) return null
  const cls = item.classId !== null ? classes.get(item.classId) : undefined
  const latest = history?.[0]
  return (
    <div className="label-panel" data-testid="label-panel">
      <div className="current-label">
        <span className="muted">Label</span>
        <b data-testid="current-label" style={cls ? { color: cls.color } : undefined}>{cls?.name ?? 'unlabelled'}</b>
        {item.flagged && <span className="badge flagged" data-testid="flagged-badge">unsure</span>}
      </div>
      {latest && <div className="muted" data-testid="label-author">set by {latest.author} ({latest.source}) · {new Date(latest.createdAt).toLocaleString()}</div>}
      {runId && <ModelPrediction projectId={projectId} runId={runId} imageId={item.imageId} classes={imageClasses} />}
      {history && history.length > 0 && (
        <details className="label-history">
          <summary>History ({history.length})</summary>
          <ol>
            {history.map((h) => (
              <li key={h.id}>
                {h.classId !== null ? classes.get(h.classId)?.name ?? `#${h.classId}` : 'none'}{h.flagged ? ' (unsure)' : ''}
                <span className="muted"> · {h.author} · {h.source} · {new Date(h.createdAt).toLocaleString()}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  )
}
