// Segmentation review of one run: worst-first queue, three synchronised views, live Dice/IoU at
// the chosen threshold, accept (→ new draft mask version) / reject / flag, and what to annotate next.
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../api'
import { navigate } from '../../app/route'
import type { MaskVersion, ProjectInfo, RunSummary } from '../../../../shared/domain'
import type { PredictionSummary } from '../../../../shared/views'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { currentUser } from '../../state/user'
import { fmtMetric } from '../training/run-metrics'
import { NextToAnnotate } from './NextToAnnotate'
import { COLOURS, cssColour, overlapCounts, scoresOf } from './overlap'
import { PredictionQueue, type QueueSort } from './PredictionQueue'
import { ReviewImageCache, type ReviewImage } from './review-cache'
import { SyncedViews } from './SyncedViews'
import { useReviewKeys } from './useReviewKeys'
import { VolumeSlices } from './VolumeSlices'

type Action = 'accept' | 'reject' | 'flag'
const REVIEW_OF: Record<Action, PredictionSummary['review']> = { accept: 'accepted', reject: 'rejected', flag: 'flagged' }

export function SegmentationReview({ project, run }: { project: ProjectInfo; run: RunSummary }) {
  const projectId = project.id
  const [sort, setSort] = useState<QueueSort>('worst')
  const [threshold, setThreshold] = useState(0.5)
  const listThreshold = useDebouncedValue(threshold, 250)
  const [items, setItems] = useState<PredictionSummary[] | null>(null)
  const [currentId, setCurrentId] = useState<number | null>(null)
  const [current, setCurrent] = useState<ReviewImage | null>(null)
  const [outline, setOutline] = useState(false)
  const [opacity, setOpacity] = useState(0.55)
  const [accepted, setAccepted] = useState<{ imageId: number; version: MaskVersion } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const cache = useMemo(() => new ReviewImageCache(projectId, run.id), [projectId, run.id])
  const shownAt = useRef(0)

  // The queue, re-sorted and re-scored by main when the order or (settled) threshold changes.
  useEffect(() => {
    let live = true
    api.predictions.list({ projectId, runId: run.id, sort, threshold: listThreshold })
      .then((list) => {
        if (!live) return
        setItems(list)
        setCurrentId((id) => (id !== null && list.some((i) => i.imageId === id) ? id : list[0]?.imageId ?? null))
      })
      .catch((e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [projectId, run.id, sort, listThreshold])

  const index = items && currentId !== null ? items.findIndex((i) => i.imageId === currentId) : -1

  useEffect(() => {
    if (currentId === null) return
    let live = true
    shownAt.current = performance.now()
    cache.get(currentId)
      .then((img) => {
        if (!live) return
        setCurrent(img)
        if (items && index >= 0) cache.prefetch(items[index + 1]?.imageId)
      })
      .catch((e: Error) => live && setError(e.message))
    return () => { live = false }
  }, [cache, currentId])

  const live = useMemo(() => {
    if (!current?.prediction.prob) return null
    return scoresOf(overlapCounts(current.prediction.prob, current.truth, threshold))
  }, [current, threshold])

  const move = (delta: number) => {
    if (!items?.length) return
    const next = Math.min(items.length - 1, Math.max(0, (index < 0 ? 0 : index + delta)))
    setCurrentId(items[next].imageId)
    setAccepted(null)
  }

  const act = async (action: Action) => {
    if (currentId === null || busy || current?.imageId !== currentId) return
    setBusy(true)
    setError(null)
    try {
      const r = await api.predictions.review({ projectId, runId: run.id, imageId: currentId, action, author: currentUser(), threshold })
      setItems((list) => list?.map((i) => (i.imageId === currentId ? { ...i, review: REVIEW_OF[action] } : i)) ?? null)
      if (action === 'accept' && r.maskVersion) {
        // The accepted prediction is now this image's ground truth: reload it, stay to offer the editor.
        setAccepted({ imageId: currentId, version: r.maskVersion })
        cache.invalidate(currentId)
        const fresh = await cache.get(currentId)
        setCurrent(fresh)
        if (fresh.prediction.prob && fresh.truth) {
          const s = scoresOf(overlapCounts(fresh.prediction.prob, fresh.truth, threshold))
          setItems((list) => list?.map((i) => (i.imageId === fresh.imageId ? { ...i, dice: s.dice, iou: s.iou, hasGroundTruth: true } : i)) ?? null)
        }
      } else {
        move(1)
      }
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  useReviewKeys({ j: () => move(1), k: () => move(-1), ArrowDown: () => move(1), ArrowUp: () => move(-1), a: () => act('accept'), r: () => act('reject'), f: () => act('flag') })

  if (items === null) return <div className="review-body"><p className="muted">Loading predictions…</p><ErrorBanner error={error} /></div>
  if (items.length === 0) return <NoPredictions projectId={projectId} runId={run.id} />

  const summary = index >= 0 ? items[index] : null
  // The last loaded image stays on screen while the next one loads, so the views (and their zoom) persist.
  const pred = current
  const ready = current !== null && current.imageId === currentId
  return (
    <div className="review-body">
      <PredictionQueue items={items} currentId={currentId} onSelect={(id) => { setCurrentId(id); setAccepted(null) }} sort={sort} onSort={setSort} />
      <section className="review-main">
        <div className="review-toolbar">
          <label>Threshold
            <input data-testid="threshold" type="range" min={0.05} max={0.95} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} />
            <span data-testid="threshold-value">{threshold.toFixed(2)}</span>
          </label>
          <label>Opacity
            <input data-testid="overlay-opacity" type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
          </label>
          <label className="inline"><input type="checkbox" data-testid="overlay-outline" checked={outline} onChange={(e) => setOutline(e.target.checked)} /> outline</label>
          <span className="legend">
            <Swatch rgb={COLOURS.tp} label="true positive" /><Swatch rgb={COLOURS.fp} label="false positive (predicted, not real)" /><Swatch rgb={COLOURS.fn} label="false negative (missed)" />
          </span>
        </div>
        <div className="review-metrics">
          <strong title={summary?.name}>{summary?.name ?? ''}</strong>{!ready && <span className="muted small">loading…</span>}
          <span>Dice <b data-testid="dice-value" data-image-id={pred?.imageId}>{pred?.truth ? fmtMetric(live?.dice) : 'no ground truth'}</b></span>
          <span>IoU <b data-testid="iou-value">{pred?.truth ? fmtMetric(live?.iou) : '-'}</b></span>
          {pred?.prediction.volumeDice !== null && pred?.prediction.volumeDice !== undefined && (
            <span title="Dice over every predicted slice of this volume, at the default threshold 0.5">volume Dice <b data-testid="volume-dice">{fmtMetric(pred.prediction.volumeDice)}</b> <span className="muted small">@0.50</span></span>
          )}
          <span className="muted small">{index + 1} / {items.length}</span>
        </div>
        {pred ? (
          <SyncedViews imageId={pred.imageId} pixels={pred.pixels} truth={pred.truth} prob={pred.prediction.prob} threshold={threshold} outline={outline} opacity={opacity} />
        ) : (
          <div className="review-views loading muted">Loading image…</div>
        )}
        {pred?.prediction.volumeId != null && (
          <VolumeSlices projectId={projectId} volumeId={pred.prediction.volumeId} imageId={pred.imageId} predicted={items} onSelect={(id) => { setCurrentId(id); setAccepted(null) }} />
        )}
        <div className="review-actions">
          <button data-testid="accept" disabled={busy || !ready || !pred?.prediction.prob} onClick={() => act('accept')} title="A">Accept as mask (A)</button>
          <button data-testid="reject" disabled={busy || !ready} onClick={() => act('reject')} title="R">Reject (R)</button>
          <button data-testid="flag" disabled={busy || !ready} onClick={() => act('flag')} title="F">Flag (F)</button>
          <span className="muted small">J/K or ↓/↑ move · wheel zoom · drag pan · right-drag window/level · double-click resets</span>
        </div>
        {accepted && accepted.imageId === currentId && (
          <div className="accepted-note" data-testid="accepted-note" data-version-id={accepted.version.id}>
            Saved as mask version #{accepted.version.id} (draft, from run {run.id}).
            <button className="link" data-testid="open-editor" onClick={() => navigate({ name: 'annotate', projectId, imageId: accepted.imageId })}>Open in editor to correct →</button>
          </div>
        )}
        <ErrorBanner error={error} onDismiss={() => setError(null)} testId="review-error" />
      </section>
      <NextToAnnotate projectId={projectId} runId={run.id} />
    </div>
  )
}

function Swatch({ rgb, label }: { rgb: number; label: string }) {
  return <span className="swatch-item"><span className="swatch" style={{ background: cssColour(rgb) }} />{label}</span>
}

function NoPredictions({ projectId, runId }: { projectId: string; runId: string }) {
  return (
    <div className="review-body column">
      <p data-testid="no-predictions">This run has no predictions yet. Run it over a split from the Training page (“Predict”), or with <code>radlab predict &lt;project&gt; --run {runId}</code>.</p>
      <button onClick={() => navigate({ name: 'training', projectId })}>Go to Training</button>
    </div>
  )
}
