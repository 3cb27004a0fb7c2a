// The mask editor: an image and its label map on a Konva stage, painted with brush, eraser,
// polygon/lasso and flood fill, with window/level, zoom and pan. React renders the node tree
// once; pointer work happens in EditorEngine (refs + layer.batchDraw()), never in React state.
//
// Test hooks (for Playwright):
//   data-testid="mask-editor"    the stage container; it carries
//     data-view='{"scale":s,"offsetX":ox,"offsetY":oy}'  screen = container's top-left + offset + image·scale
//       (CSS px; pixel (i, j)'s centre is at left + ox + (i + 0.5)·s, top + oy + (j + 0.5)·s),
//     data-window='{"center":c,"width":w}', data-image="WxH", data-tool="brush|…"
//   data-testid="pixel-readout"  "x I  y J  value V" of the pixel under the cursor
//   data-testid="zoom-level"     e.g. "100%"
//   data-testid="mask-error"     shown instead of the mask when the label map has the wrong size
//   window.__radlabEditor        { getView, getWindow, imageToClient, clientToImage, getLabels, historyBytes, undoDepth, imageGreyAt }
//   window.__radlabPerf          timing of pointer events and mask redraws (bench-hooks.ts)

import type Konva from 'konva'
import { type CSSProperties, type Ref, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react'
import { Circle, Image as KonvaImage, Layer, Line, Stage } from 'react-konva'
import type { Bbox } from './bbox'
import { perfRecorder } from './bench-hooks'
import { type CommitKind, EditorEngine } from './editor-engine'
import type { EditHistory } from './history/edit-history'
import type { MaskHistoryOptions } from './history/mask-history'
import type { MaskClass, MaskDisplayMode } from './mask/mask-model'
import type { IntensityRange } from './tools/tool-types'
import type { EditorToolName } from './viewer/pointer-intent'
import type { ViewTransform } from './viewer/view-transform'
import type { EditorImage } from './viewer/windowed-image'
import type { WindowLevel } from './viewer/window-level'

export interface MaskEditorHandle {
  undo(): Bbox | null
  redo(): Bbox | null
  /** Abandon the stroke / outline in progress (Escape). */
  cancel(): void
  /** Close and fill the polygon being drawn (Enter). */
  closePolygon(): void
  fit(): void
  oneToOne(): void
  zoomBy(factor: number): void
  getView(): ViewTransform
  setWindow(w: WindowLevel): void
  getWindow(): WindowLevel
  /** Percentile window (0.5–99.5 %); returns it. */
  autoWindow(): WindowLevel
  /** A copy of the current label map. */
  getLabels(): Uint8Array | null
  /** Replace the map as one undoable step (interpolation, restored version); calls onCommit. */
  applyLabels(labels: Uint8Array): Bbox | null
  /** Bytes held by the undo history (bench). */
  historyBytes(): number
}

export interface MaskEditorProps {
  image: EditorImage
  initialWindow?: WindowLevel | null
  /** The mask (width × height, one byte per pixel). A new array (by identity) resets history. */
  labels: Uint8Array
  classes: MaskClass[]
  activeClassValue: number
  tool: EditorToolName
  /** Diameter in image pixels, ≥ 1. */
  brushSize: number
  intensityRange?: IntensityRange | null
  /** Flood-fill tolerance in image value units. */
  fillTolerance?: number
  /** Mask layer opacity 0..1. */
  opacity: number
  displayMode: MaskDisplayMode
  maskVisible: boolean
  readOnly?: boolean
  /** Once per committed step (stroke, fill, polygon, undo, redo, applyLabels). `labels` is live: copy to keep. */
  onCommit?: (labels: Uint8Array, bbox: Bbox, kind: CommitKind) => void
  onWindowChange?: (w: WindowLevel) => void
  onMaskError?: (message: string | null) => void
  /** Limits of the editor's own undo history (default 500 steps, 48 MB). */
  historyOptions?: MaskHistoryOptions
  /**
   * Volumes: pass `volumeHistory.forSlice(sliceIndex, getSlice, onOtherSlices)` so undo/redo is one
   * list across slices and fillBetweenSlices() is one step. Without it the editor keeps its own
   * history, reset whenever a different mask is passed in `labels`.
   */
  history?: EditHistory | null
  /** Show the readout and zoom label in the stage's corners (default true). */
  showOverlay?: boolean
  className?: string
  style?: CSSProperties
  ref?: Ref<MaskEditorHandle>
}

const fill: CSSProperties = { position: 'absolute', inset: 0 }
const badge: CSSProperties = {
  position: 'absolute',
  bottom: 4,
  padding: '2px 6px',
  font: '12px ui-monospace, monospace',
  color: '#ddd',
  background: 'rgba(0,0,0,0.55)',
  borderRadius: 3,
  pointerEvents: 'none',
  whiteSpace: 'pre',
}

export function MaskEditor(props: MaskEditorProps) {
  const { ref, historyOptions } = props
  const [engine] = useState(() => new EditorEngine(perfRecorder(), historyOptions))
  const [maskError, setMaskError] = useState<string | null>(null)
  const containerRef = useRef<HTMLDivElement>(null)
  const stageRef = useRef<Konva.Stage>(null)
  const imageLayerRef = useRef<Konva.Layer>(null)
  const maskLayerRef = useRef<Konva.Layer>(null)
  const overlayLayerRef = useRef<Konva.Layer>(null)
  const imageNodeRef = useRef<Konva.Image>(null)
  const maskNodeRef = useRef<Konva.Image>(null)
  const cursorRef = useRef<Konva.Circle>(null)
  const outlineRef = useRef<Konva.Line>(null)
  const readoutRef = useRef<HTMLDivElement>(null)
  const zoomRef = useRef<HTMLDivElement>(null)

  // Callbacks change identity every render; the engine reads the latest through this object.
  const { onCommit, onWindowChange, onMaskError } = props
  useLayoutEffect(() => {
    engine.callbacks = {
      onCommit,
      onWindowChange,
      onMaskError: (m) => {
        setMaskError(m)
        onMaskError?.(m)
      },
    }
  })

  useLayoutEffect(() => {
    const container = containerRef.current!
    engine.attach({
      container,
      stage: stageRef.current!,
      imageLayer: imageLayerRef.current!,
      maskLayer: maskLayerRef.current!,
      overlayLayer: overlayLayerRef.current!,
      imageNode: imageNodeRef.current!,
      maskNode: maskNodeRef.current!,
      cursor: cursorRef.current!,
      outline: outlineRef.current!,
      readout: readoutRef.current,
      zoomLabel: zoomRef.current,
    })
    const r = container.getBoundingClientRect()
    engine.resize(Math.round(r.width), Math.round(r.height))
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect
      engine.resize(Math.round(box.width), Math.round(box.height))
    })
    ro.observe(container)
    return () => {
      ro.disconnect()
      engine.detach()
    }
  }, [engine])

  // Space held = pan, as in image editors; ignored while typing in a field.
  useEffect(() => {
    const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
    const down = (e: KeyboardEvent) => {
      if (e.code === 'Space' && !typing(e.target)) {
        engine.setSpaceHeld(true)
        e.preventDefault()
      }
    }
    const up = (e: KeyboardEvent) => {
      if (e.code === 'Space') engine.setSpaceHeld(false)
    }
    const blur = () => engine.setSpaceHeld(false)
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    window.addEventListener('blur', blur)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
      window.removeEventListener('blur', blur)
    }
  }, [engine])

  // Order matters: classes before the image (painter colours), the image before its labels.
  useLayoutEffect(() => engine.setClasses(props.classes), [engine, props.classes])
  useLayoutEffect(() => engine.setExternalHistory(props.history ?? null), [engine, props.history])
  useLayoutEffect(() => engine.setDisplayMode(props.displayMode), [engine, props.displayMode])
  useLayoutEffect(() => {
    engine.setImage(props.image, props.initialWindow)
    engine.setLabels(props.labels)
    // initialWindow is read only when the image changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, props.image, props.labels])
  const range = props.intensityRange ?? null
  useLayoutEffect(
    () =>
      engine.setSettings({
        tool: props.tool,
        classValue: props.activeClassValue,
        brushSize: props.brushSize,
        intensityRange: range,
        tolerance: props.fillTolerance ?? 10,
        readOnly: props.readOnly ?? false,
      }),
    [engine, props.tool, props.activeClassValue, props.brushSize, range?.low, range?.high, props.fillTolerance, props.readOnly],
  )

  useImperativeHandle(
    ref,
    () => ({
      undo: () => engine.undo(),
      redo: () => engine.redo(),
      cancel: () => engine.cancel(),
      closePolygon: () => engine.closePolygon(),
      fit: () => engine.fit(),
      oneToOne: () => engine.oneToOne(),
      zoomBy: (f) => engine.zoomBy(f),
      getView: () => engine.getView(),
      setWindow: (w) => engine.setWindow(w),
      getWindow: () => engine.getWindow(),
      autoWindow: () => engine.autoWindow(),
      getLabels: () => engine.getLabels(),
      applyLabels: (l) => engine.applyLabels(l),
      historyBytes: () => engine.historyBytes(),
    }),
    [engine],
  )

  const showOverlay = props.showOverlay ?? true
  return (
    <div
      ref={containerRef}
      data-testid="mask-editor"
      role="application"
      aria-label="Mask editor"
      className={props.className}
      style={{ position: 'relative', overflow: 'hidden', touchAction: 'none', userSelect: 'none', background: '#000', width: '100%', height: '100%', ...props.style }}
    >
      <div style={fill}>
        <Stage ref={stageRef} width={1} height={1} listening={false}>
          <Layer ref={imageLayerRef} listening={false} imageSmoothingEnabled={false}>
            <KonvaImage ref={imageNodeRef} image={undefined} listening={false} perfectDrawEnabled={false} />
          </Layer>
          <Layer ref={maskLayerRef} listening={false} imageSmoothingEnabled={false} opacity={props.opacity} visible={props.maskVisible}>
            <KonvaImage ref={maskNodeRef} image={undefined} listening={false} perfectDrawEnabled={false} />
          </Layer>
          <Layer ref={overlayLayerRef} listening={false}>
            <Line ref={outlineRef} points={[]} stroke="#ffd400" strokeWidth={1.5} strokeScaleEnabled={false} dash={[4, 3]} visible={false} listening={false} />
            <Circle ref={cursorRef} radius={1} stroke="#fff" strokeWidth={1} strokeScaleEnabled={false} shadowColor="#000" shadowBlur={2} visible={false} listening={false} />
          </Layer>
        </Stage>
      </div>
      {/* Catches pointer events above the stage so Konva's own event handling never runs. */}
      <div style={fill} />
      {maskError && (
        <div data-testid="mask-error" role="alert" style={{ ...badge, top: 4, bottom: 'auto', left: 4, color: '#fff', background: 'rgba(160,0,0,0.85)' }}>
          Mask not shown: {maskError}
        </div>
      )}
      <div ref={readoutRef} data-testid="pixel-readout" style={{ ...badge, left: 4, display: showOverlay ? undefined : 'none' }} />
      <div ref={zoomRef} data-testid="zoom-level" style={{ ...badge, right: 4, display: showOverlay ? undefined : 'none' }} />
    </div>
  )
}
