// "Predict these images": runs a trained model over exactly the images the browser's filters
// show (a selection by split, class, mask, review status or name), with progress.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import type { ImageFilter } from '../../../../shared/contract'
import type { RunSummary } from '../../../../shared/domain'
import { navigate } from '../../app/route'
import { messageOf } from '../../components/ErrorBanner'

export function PredictSelection({ projectId, filter, count }: { projectId: string; filter: ImageFilter; count: number | null }) {
  const [open, setOpen] = useState(false)
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [runId, setRunId] = useState('')
  const [state, setState] = useState<{ jobId: string; done: number; total: number; finished: boolean; error?: string } | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    api.training.runs({ projectId }).then((r) => {
      const usable = r.filter((x) => x.status === 'done' || x.status === 'cancelled')
      setRuns(usable)
      setRunId((cur) => cur || usable[0]?.id || '')
    }, (e) => setError(messageOf(e)))
  }, [open, projectId])

  useEffect(() => api.on('predict:progress', (p) => {
    if (p.projectId !== projectId) return
    setState((s) => (s && s.jobId === p.jobId ? { ...s, done: p.done, total: p.total, finished: p.finished, error: p.error } : s))
  }), [projectId])

  const start = async () => {
    setError(null)
    try {
      const r = await api.predict.start({ projectId, runId, filter })
      setState({ jobId: r.jobId, done: 0, total: r.images, finished: false })
    } catch (e) {
      setError(messageOf(e))
    }
  }

  if (!open) return <button data-testid="predict-selection" disabled={!count} onClick={() => setOpen(true)}>Predict these…</button>
  return (
    <span className="predict-selection" data-testid="predict-selection-panel">
      <select data-testid="predict-run" value={runId} onChange={(e) => setRunId(e.target.value)}>
        {runs.length === 0 && <option value="">no trained run</option>}
        {runs.map((r) => <option key={r.id} value={r.id}>{r.name} · {r.id}</option>)}
      </select>
      <button className="primary" data-testid="predict-selection-start" disabled={!runId || (state !== null && !state.finished)} onClick={start}>Predict {count ?? ''} images</button>
      {state && <span data-testid="predict-selection-progress">{state.error ? <span className="error">{state.error}</span> : state.finished ? <>done · <button className="link" onClick={() => navigate({ name: 'review', projectId, runId })}>review</button></> : `${state.done} / ${state.total}`}</span>}
      {error && <span className="error" data-testid="predict-selection-error">{error}</span>}
      <button onClick={() => setOpen(false)}>×</button>
    </span>
  )
}
