// The chosen run's class probabilities for this image, the predicted class highlighted.
import { useEffect, useState } from 'react'
import type { LabelClass } from '../../../../shared/domain'
import { api } from '../../api'
import { classProbabilities } from './class-probabilities'


export function ModelPrediction({ projectId, runId, imageId, classes }: { projectId: string; runId: string; imageId: number; classes: LabelClass[] }) {
  const [probs, setProbs] = useState<number[] | null | 'none'>(null)
  useEffect(() => {
    let live = true
    setProbs(null)
    api.predictions.get({ projectId, runId, imageId }).then(
      (d) => { if (live) setProbs(d.probs ? classProbabilities(d.probs, classes.length) : 'none') },
      () => { if (live) setProbs('none') },
    )
    return () => { live = false }
  }, [projectId, runId, imageId, classes.length])

  if (probs === null) return null
  if (probs === 'none') return <div className="muted" data-testid="model-prob">No prediction from this run for this image.</div>
  const best = probs.indexOf(Math.max(...probs))
  return (
    <div className="model-prediction" data-testid="model-prob">
      <span className="muted">Model says</span>
      {probs.map((p, i) => (
        <div key={i} className={i === best ? 'prob-row best' : 'prob-row'} data-testid={`model-prob-${classes[i]?.name ?? i}`}>
          <span className="prob-name">{classes[i]?.name ?? `class ${i}`}</span>
          <span className="prob-bar"><span style={{ width: `${Math.round(p * 100)}%`, background: classes[i]?.color }} /></span>
          <span className="prob-value">{p.toFixed(3)}</span>
        </div>
      ))}
    </div>
  )
}
