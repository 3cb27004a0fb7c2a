// Ground truth | prediction | overlay of one image. Zoom (wheel), pan (left drag), window/level
// (right drag) and reset (double-click) act on one shared ViewSync, so the three views always
// move together; pointer moves never touch React state, and all three redraw in one frame.
import { useEffect, useMemo, useRef } from 'react'
import type { ImagePixels } from '../../../../shared/contract'
import { fitView, formatZoom, wheelZoomFactor, zoomAt } from '../../canvas/viewer/view-transform'
import { dragWindow, initialWindow } from '../../components/window-level'
import { buildLayers, WindowedBase } from './review-layers'
import { ViewSync, type SharedView } from './view-sync'

export interface SyncedViewsProps {
  imageId: number
  pixels: ImagePixels
  truth: Uint8Array | null
  prob: Uint8Array | null
  threshold: number
  outline: boolean
  opacity: number
}

const VIEWS = [
  { key: 'truth', testId: 'view-gt', title: 'Ground truth' },
  { key: 'prediction', testId: 'view-pred', title: 'Prediction' },
  { key: 'overlay', testId: 'view-overlay', title: 'Overlay' },
] as const

type Drag = { kind: 'pan' | 'window'; x: number; y: number; start: SharedView; id: number }

export function SyncedViews({ imageId, pixels, truth, prob, threshold, outline, opacity }: SyncedViewsProps) {
  const canvases = useRef<(HTMLCanvasElement | null)[]>([null, null, null])
  const readout = useRef<HTMLSpanElement>(null)
  const sync = useRef<ViewSync | null>(null)
  const base = useRef<WindowedBase | null>(null)
  const drawState = useRef<{ layers: ReturnType<typeof buildLayers> | null; opacity: number; dims: string }>({ layers: null, opacity, dims: '' })
  const drag = useRef<Drag | null>(null)

  const layers = useMemo(() => buildLayers(pixels.width, pixels.height, prob, truth, threshold, outline), [pixels, prob, truth, threshold, outline])

  const viewSize = () => {
    const c = canvases.current[0]
    return { w: c?.clientWidth || 300, h: c?.clientHeight || 300 }
  }

  const draw = (s: SharedView) => {
    const b = base.current
    if (!b) return
    b.render(s.window)
    const dpr = window.devicePixelRatio || 1
    const { layers: ls, opacity: alpha } = drawState.current
    VIEWS.forEach((v, i) => {
      const c = canvases.current[i]
      if (!c) return
      const w = Math.round(c.clientWidth * dpr), h = Math.round(c.clientHeight * dpr)
      if (c.width !== w) c.width = w
      if (c.height !== h) c.height = h
      const ctx = c.getContext('2d')
      if (!ctx) return
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      ctx.clearRect(0, 0, w, h)
      const t = s.transform
      ctx.setTransform(dpr * t.scale, 0, 0, dpr * t.scale, dpr * t.offsetX, dpr * t.offsetY)
      ctx.imageSmoothingEnabled = false
      ctx.drawImage(b.canvas, 0, 0)
      if (ls) {
        ctx.globalAlpha = alpha
        ctx.drawImage(ls[v.key], 0, 0)
        ctx.globalAlpha = 1
      }
      c.dataset.scale = t.scale.toFixed(4)
      c.dataset.offsetX = t.offsetX.toFixed(1)
      c.dataset.offsetY = t.offsetY.toFixed(1)
      c.dataset.windowCenter = s.window.center.toFixed(2)
      c.dataset.windowWidth = s.window.width.toFixed(2)
    })
    if (readout.current) readout.current.textContent = `zoom ${formatZoom(s.transform.scale)} · W ${Math.round(s.window.width)} L ${Math.round(s.window.center)}`
  }

  // A new image: new base bitmap; the window resets to the image's own, the zoom only when the size changes.
  useEffect(() => {
    base.current = new WindowedBase(pixels)
    const { w, h } = viewSize()
    const win = initialWindow(pixels.data, pixels.min, pixels.max, pixels.window)
    const dims = `${pixels.width}x${pixels.height}`
    const keepZoom = sync.current !== null && drawState.current.dims === dims
    drawState.current.dims = dims
    const transform = keepZoom ? sync.current!.get().transform : fitView(pixels.width, pixels.height, w, h)
    if (!sync.current) {
      sync.current = new ViewSync({ transform, window: win })
      sync.current.subscribe(draw)
    }
    sync.current.set({ transform, window: win })
  }, [pixels])

  useEffect(() => {
    drawState.current.layers = layers
    drawState.current.opacity = opacity
    sync.current?.set({})
  }, [layers, opacity])

  useEffect(() => {
    const c = canvases.current[0]
    if (!c) return
    const ro = new ResizeObserver(() => sync.current?.set({}))
    ro.observe(c)
    return () => {
      ro.disconnect()
      sync.current?.dispose()
      sync.current = null
    }
  }, [])

  // React's onWheel is passive: preventDefault (no page scroll while zooming) needs a native listener.
  useEffect(() => {
    const onWheel = (e: WheelEvent) => {
      const s = sync.current
      if (!s) return
      e.preventDefault()
      const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect()
      s.set({ transform: zoomAt(s.get().transform, wheelZoomFactor(e.deltaY, e.deltaMode), e.clientX - r.left, e.clientY - r.top) })
    }
    const list = canvases.current.filter((c): c is HTMLCanvasElement => c !== null)
    for (const c of list) c.addEventListener('wheel', onWheel, { passive: false })
    return () => { for (const c of list) c.removeEventListener('wheel', onWheel) }
  }, [])

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const s = sync.current
    if (!s || (e.button !== 0 && e.button !== 2)) return
    e.preventDefault()
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { kind: e.button === 2 ? 'window' : 'pan', x: e.clientX, y: e.clientY, start: s.get(), id: e.pointerId }
  }
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current
    const s = sync.current
    if (!d || !s || d.id !== e.pointerId) return
    const dx = e.clientX - d.x, dy = e.clientY - d.y
    if (d.kind === 'pan') {
      const t = d.start.transform
      s.set({ transform: { ...t, offsetX: t.offsetX + dx, offsetY: t.offsetY + dy } })
    } else {
      s.set({ window: dragWindow(d.start.window, dx, dy, Math.max(1, pixels.max - pixels.min)) })
    }
  }
  const endDrag = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (drag.current?.id === e.pointerId) drag.current = null
  }
  const reset = () => {
    const s = sync.current
    if (!s) return
    const { w, h } = viewSize()
    s.set({ transform: fitView(pixels.width, pixels.height, w, h), window: initialWindow(pixels.data, pixels.min, pixels.max, pixels.window) })
  }

  return (
    <div className="review-views" data-testid="review-views" data-image-id={imageId}>
      {VIEWS.map((v, i) => (
        <figure key={v.key} className="review-view">
          <figcaption>{v.title}</figcaption>
          <canvas
            ref={(el) => { canvases.current[i] = el }}
            data-testid={v.testId}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
            onDoubleClick={reset}
            onContextMenu={(e) => e.preventDefault()}
          />
        </figure>
      ))}
      <span className="review-readout muted small" ref={readout} data-testid="view-readout" />
    </div>
  )
}
