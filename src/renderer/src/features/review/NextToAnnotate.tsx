// Unlabelled images the model is least sure about (mean binary entropy of its probability map):
// where the next human minutes help most.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import { navigate } from '../../app/route'

export function NextToAnnotate({ projectId, runId }: { projectId: string; runId: string }) {
  const [items, setItems] = useState<{ imageId: number; name: string; uncertainty: number }[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    api.predictions.nextToAnnotate({ projectId, runId, limit: 15 })
      .then((r) => live && setItems(r))
      .catch((e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [projectId, runId])
  return (
    <aside className="next-to-annotate" data-testid="next-to-annotate">
      <h4>What to annotate next</h4>
      {error && <p className="error small">{error}</p>}
      {items?.length === 0 && <p className="muted small">No unlabelled predicted images: predict on more images (e.g. “all”) to rank them.</p>}
      <ol>
        {items?.map((it) => (
          <li key={it.imageId}>
            <button className="link" data-testid="next-item" data-image-id={it.imageId} onClick={() => navigate({ name: 'annotate', projectId, imageId: it.imageId })}>
              {it.name}
            </button>
            <span className="muted small"> uncertainty {it.uncertainty.toFixed(3)}</span>
          </li>
        ))}
      </ol>
    </aside>
  )
}
