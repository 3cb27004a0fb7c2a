// A run's "Predict" on a split: starts the job, follows `predict:progress` for it, then links to
// the run's review.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import { navigate } from '../../app/route'
import { ProgressBar } from '../../components/ProgressBar'

type PredictSplit = 'test' | 'val' | 'train' | 'all'

export function PredictAction({ projectId, runId }: { projectId: string; runId: string }) {
  const [split, setSplit] = useState<PredictSplit>('test')
  const [job, setJob] = useState<{ id: string; done: number; total: number; finished: boolean } | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!job || job.finished) return
    return api.on('predict:progress', (p) => {
      if (p.projectId !== projectId || p.jobId !== job.id) return
      if (p.error) setError(`prediction failed: ${p.error}`)
      setJob({ id: p.jobId, done: p.done, total: p.total, finished: p.finished })
    })
  }, [projectId, job?.id, job?.finished])

  const start = async () => {
    setError(null)
    try {
      const r = await api.predict.start({ projectId, runId, split })
      setJob({ id: r.jobId, done: 0, total: r.images, finished: false })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const running = job !== null && !job.finished
  return (
    <div className="predict-action" data-testid="predict-action">
      <select data-testid="predict-split" value={split} disabled={running} onChange={(e) => setSplit(e.target.value as PredictSplit)} aria-label="split to predict">
        <option value="test">test</option>
        <option value="val">val</option>
        <option value="train">train</option>
        <option value="all">all images</option>
      </select>
      <button data-testid="predict-start" disabled={running} onClick={start}>Predict</button>
      {running && <ProgressBar done={job.done} total={job.total} testId="predict-progress" />}
      {job?.finished && !error && (
        <button className="link" data-testid="predict-review" onClick={() => navigate({ name: 'review', projectId, runId })}>
          {job.done} predicted · open review →
        </button>
      )}
      {error && <span className="error" data-testid="predict-error">{error}</span>}
    </div>
  )
}
