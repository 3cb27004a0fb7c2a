// A plain image viewer on a 2D canvas with window/level. W/L changes while dragging live in refs
// and are drawn on the next animation frame; React only hears the result on pointer-up.
import { useEffect, useRef } from 'react'
import type { ImagePixels } from '../../../shared/contract'
import { dragWindow, renderWindowed, type DisplayWindow } from './window-level'

export interface ImageViewerProps {
  pixels: ImagePixels | null
  window: DisplayWindow | null
  /** Called once per finished drag (pointer-up), never per move. */
  onWindowChange?: (w: DisplayWindow) => void
  /** When on, the left button drags W/L too (the right button always does). */
  wlMode?: boolean
  className?: string
  testId?: string
  /** Shown while there are no pixels (loading, or nothing selected). */
  emptyText?: string
}

export function ImageViewer({ pixels, window: win, onWindowChange, wlMode = false, className, testId = 'image-viewer', emptyText = 'No image' }: ImageViewerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const readoutRef = useRef<HTMLDivElement>(null)
  const live = useRef<{ window: DisplayWindow | null; frame: number; drag: { x: number; y: number; start: DisplayWindow; id: number } | null }>(
    { window: win, frame: 0, drag: null },
  )
  const imageData = useRef<ImageData | null>(null)

  const draw = () => {
    live.current.frame = 0
    const canvas = canvasRef.current
    const w = live.current.window
    if (!canvas) return
    const ctx = canvas.getContext('2d')
    if (!ctx) return
    // Never leave the previous image on screen while the next one loads: a label could be given to the wrong picture.
    if (!pixels || !w) {
      ctx.clearRect(0, 0, canvas.width, canvas.height)
      delete canvas.dataset.imageShown
      return
    }
    if (!imageData.current || imageData.current.width !== pixels.width || imageData.current.height !== pixels.height) {
      imageData.current = ctx.createImageData(pixels.width, pixels.height)
    }
    renderWindowed(pixels.data, pixels.min, pixels.max, w, imageData.current.data)
    ctx.putImageData(imageData.current, 0, 0)
    canvas.dataset.imageShown = 'true'
    canvas.dataset.windowCenter = String(Math.round(w.center * 100) / 100)
    canvas.dataset.windowWidth = String(Math.round(w.width * 100) / 100)
    if (readoutRef.current) readoutRef.current.textContent = `W ${fmt(w.width)}  L ${fmt(w.center)}`
  }
  const schedule = () => {
    if (!live.current.frame) live.current.frame = requestAnimationFrame(draw)
  }

  useEffect(() => {
    const canvas = canvasRef.current
    if (canvas && pixels) {
      if (canvas.width !== pixels.width) canvas.width = pixels.width
      if (canvas.height !== pixels.height) canvas.height = pixels.height
    }
    live.current.window = win
    draw()
  }, [pixels, win?.center, win?.width])

  useEffect(() => () => cancelAnimationFrame(live.current.frame), [])

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!pixels || !live.current.window) return
    if (!(e.button === 2 || (e.button === 0 && wlMode))) return
    e.preventDefault()
    e.currentTarget.setPointerCapture(e.pointerId)
    live.current.drag = { x: e.clientX, y: e.clientY, start: live.current.window, id: e.pointerId }
  }
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = live.current.drag
    if (!d || d.id !== e.pointerId || !pixels) return
    live.current.window = dragWindow(d.start, e.clientX - d.x, e.clientY - d.y, pixels.max - pixels.min)
    schedule()
  }
  const endDrag = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const d = live.current.drag
    if (!d || d.id !== e.pointerId) return
    live.current.drag = null
    const w = live.current.window
    if (w && (w.center !== d.start.center || w.width !== d.start.width)) onWindowChange?.(w)
  }

  return (
    <div className={`image-viewer ${className ?? ''}`}>
      <canvas
        ref={canvasRef}
        data-testid={testId}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onContextMenu={(e) => e.preventDefault()}
        style={{ cursor: wlMode ? 'ns-resize' : 'default' }}
      />
      {!pixels && <div className="image-viewer-empty muted">{emptyText}</div>}
      <div className="image-viewer-readout" ref={readoutRef} data-testid={`${testId}-readout`} />
    </div>
  )
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2).replace(/\.?0+$/, '')
}
