// Classification review of one run: confusion matrix at a threshold (cells list their images),
// ROC with AUC, sensitivity/specificity, and the images by disagreement or confidence with the
// triage keys (1–9 set the class, J/K move) to correct labels.
import { useEffect, useMemo, useState } from 'react'
import { api } from '../../api'
import type { ImagePixels } from '../../../../shared/contract'
import type { LabelClass, ProjectInfo, RunSummary } from '../../../../shared/domain'
import type { ClassificationReview } from '../../../../shared/views'
import { ErrorBanner } from '../../components/ErrorBanner'
import { ImageViewer } from '../../components/ImageViewer'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { initialWindow, type DisplayWindow } from '../../components/window-level'
import { currentUser } from '../../state/user'
import { fmtMetric } from '../training/run-metrics'
import { sortItems, type ClsItem, type ClsSort } from './classification-order'
import { ConfusionMatrix } from './ConfusionMatrix'
import { RocCurve } from './RocCurve'
import { useReviewKeys } from './useReviewKeys'
import { SaliencyView } from './SaliencyView'

type Cell = { actual: number; predicted: number }

export function ClassificationReviewView({ project, run }: { project: ProjectInfo; run: RunSummary }) {
  const projectId = project.id
  const [threshold, setThreshold] = useState(0.5)
  const settled = useDebouncedValue(threshold, 200)
  const [review, setReview] = useState<ClassificationReview | null>(null)
  const [classes, setClasses] = useState<LabelClass[]>([])
  const [cell, setCell] = useState<Cell | null>(null)
  const [showSaliency, setShowSaliency] = useState(false)
  const [sort, setSort] = useState<ClsSort>('disagree')
  const [currentId, setCurrentId] = useState<number | null>(null)
  const [pixels, setPixels] = useState<{ id: number; px: ImagePixels; win: DisplayWindow } | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)

  useEffect(() => {
    api.classes.list({ projectId }).then((c) => setClasses(c.filter((x) => x.kind === 'image'))).catch((e: Error) => setError(e.message))
  }, [projectId])

  useEffect(() => {
    let live = true
    api.predictions.classification({ projectId, runId: run.id, threshold: settled })
      .then((r) => live && setReview(r))
      .catch((e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [projectId, run.id, settled, version])

  const byId = useMemo(() => new Map((review?.items ?? []).map((i) => [i.imageId, i])), [review])
  const list: ClsItem[] = useMemo(() => {
    if (!review) return []
    if (cell) {
      const ids = review.cells.find((c) => c.actual === cell.actual && c.predicted === cell.predicted)?.imageIds ?? []
      return sortItems(ids.map((id) => byId.get(id)).filter((i): i is ClsItem => Boolean(i)), 'confident', review.threshold)
    }
    return sortItems(review.items, sort, review.threshold)
  }, [review, cell, sort, byId])

  useEffect(() => {
    if (list.length && (currentId === null || !list.some((i) => i.imageId === currentId))) setCurrentId(list[0].imageId)
  }, [list])

  useEffect(() => {
    if (currentId === null) return
    let live = true
    api.images.pixels({ projectId, imageId: currentId })
      .then((px) => live && setPixels({ id: currentId, px, win: initialWindow(px.data, px.min, px.max, px.window) }))
      .catch((e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [projectId, currentId])

  const at = list.findIndex((i) => i.imageId === currentId)
  const move = (d: number) => {
    if (!list.length) return
    setCurrentId(list[Math.max(0, Math.min(list.length - 1, (at < 0 ? 0 : at + d)))].imageId)
    setNote(null)
  }
  const label = async (k: number) => {
    const cls = classes[k]
    if (!cls || currentId === null) return
    try {
      await api.labels.set({ projectId, imageId: currentId, classId: cls.id, author: currentUser() })
      setNote(`${byId.get(currentId)?.name ?? currentId} labelled ${cls.name}`)
      setVersion((v) => v + 1)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const keys: Record<string, () => void> = { g: () => setShowSaliency((v) => !v), j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1), Escape: () => setCell(null) }
  for (let k = 1; k <= 9; k++) keys[String(k)] = () => void label(k - 1)
  useReviewKeys(keys)

  if (!review) return <div className="review-body"><p className="muted">Loading…</p><ErrorBanner error={error} /></div>
  if (review.items.length === 0) return <div className="review-body"><p data-testid="no-predictions">This run has no predictions yet: use “Predict” on the Training page.</p></div>

  const current = currentId !== null ? byId.get(currentId) ?? null : null
  const name = (i: number | null) => (i === null ? 'unlabelled' : review.classes[i] ?? `class ${i}`)
  return (
    <div className="review-body cls-review">
      <section className="cls-stats">
        <label>Threshold
          <input data-testid="threshold" type="range" min={0.01} max={0.99} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} />
          <span data-testid="threshold-value">{threshold.toFixed(2)}</span>
        </label>
        <ConfusionMatrix review={review} selected={cell} onSelect={setCell} />
        <dl className="cls-figures">
          <dt>accuracy</dt><dd data-testid="accuracy">{fmtMetric(review.accuracy)}</dd>
          <dt>sensitivity</dt><dd data-testid="sensitivity">{fmtMetric(review.sensitivity)}</dd>
          <dt>specificity</dt><dd data-testid="specificity">{fmtMetric(review.specificity)}</dd>
        </dl>
        <RocCurve review={review} />
        <label className="small"><input type="checkbox" data-testid="saliency-toggle" checked={showSaliency} onChange={(e) => { e.currentTarget.blur(); setShowSaliency(e.target.checked) }} /> Grad-CAM overlay (G)</label>
      </section>
      <section className="cls-list">
        {cell ? (
          <div className="cell-head">
            <span>actual <b>{name(cell.actual)}</b> · predicted <b>{name(cell.predicted)}</b> · {list.length} images</span>
            <button className="link" data-testid="cell-clear" onClick={() => setCell(null)}>all images (Esc)</button>
          </div>
        ) : (
          <select data-testid="cls-sort" value={sort} onChange={(e) => { e.currentTarget.blur(); setSort(e.target.value as ClsSort) }} aria-label="order">
            <option value="disagree">disagreement with the label first</option>
            <option value="confident">most confident first</option>
            <option value="uncertain">least confident first</option>
          </select>
        )}
        <ol className="cls-items" data-testid={cell ? 'cell-images' : 'cls-items'}>
          {list.map((it) => (
            <li key={it.imageId}>
              <button data-testid={cell ? 'cell-image' : 'cls-item'} data-image-id={it.imageId} className={`queue-item${it.imageId === currentId ? ' current' : ''}${it.disagrees ? ' disagrees' : ''}`} onClick={() => setCurrentId(it.imageId)}>
                <span className="queue-name" title={it.name}>{it.name}</span>
                <span className="queue-score">{name(it.actual)} → {name(it.predicted)} · p {it.prob.toFixed(2)}</span>
              </button>
            </li>
          ))}
        </ol>
      </section>
      <section className="cls-image">
        {current && (
          <div className="cls-current" data-testid="cls-current" data-image-id={current.imageId}>
            <strong>{current.name}</strong>
            <span>label <b data-testid="cls-actual">{name(current.actual)}</b> · model <b>{name(current.predicted)}</b> (p {current.prob.toFixed(3)})</span>
          </div>
        )}
        {pixels && pixels.id === currentId && <ImageViewer pixels={pixels.px} window={pixels.win} onWindowChange={(w) => setPixels({ ...pixels, win: w })} testId="cls-viewer" />}
        {showSaliency && pixels && pixels.id === currentId && pixels.win && (
          <SaliencyView projectId={projectId} runId={run.id} imageId={pixels.id} pixels={pixels.px} window={pixels.win} classNames={review.classes} />
        )}
        <div className="muted small">
          {classes.slice(0, 9).map((c, i) => <span key={c.id} className="key-hint"><kbd>{i + 1}</kbd> {c.name} </span>)} · J/K move
        </div>
        {note && <p className="small" data-testid="label-note">{note}</p>}
        <ErrorBanner error={error} onDismiss={() => setError(null)} testId="review-error" />
      </section>
    </div>
  )
}
