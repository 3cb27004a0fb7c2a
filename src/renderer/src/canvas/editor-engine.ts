// Everything the mask editor does between React renders: pointer gestures, tools, history,
// painting and the view. React only creates the Konva nodes and passes props in; pointer moves
// are handled here against refs and end in layer.batchDraw(), never in React state.

import type Konva from 'konva'
import { type Bbox, diffBbox, unionBbox } from './bbox'
import { now, type PerfRecorder } from './bench-hooks'
import type { EditHistory } from './history/edit-history'
import { MaskHistory, type MaskHistoryOptions } from './history/mask-history'
import { assertLabelMapSize, type MaskClass, type MaskDisplayMode, MaskPainter } from './mask/mask-model'
import { BrushTool } from './tools/brush'
import { createEraserTool } from './tools/eraser'
import { FloodFillTool } from './tools/flood-fill'
import { PolygonTool } from './tools/polygon'
import type { IntensityRange, MaskTool, ToolContext, ToolPointer, ToolUpdate } from './tools/tool-types'
import { formatReadout, writeReadout } from './viewer/pixel-readout'
import { type EditorToolName, pointerIntent } from './viewer/pointer-intent'
import {
  fitView,
  formatZoom,
  imageToScreen,
  oneToOneView,
  screenToImage,
  type ViewTransform,
  wheelZoomFactor,
  zoomAt,
} from './viewer/view-transform'
import { type EditorImage, WindowedImage } from './viewer/windowed-image'
import { dragWindow, percentileWindow, type WindowLevel } from './viewer/window-level'

export type CommitKind = 'brush' | 'eraser' | 'polygon' | 'fill' | 'undo' | 'redo' | 'apply'

export interface EditorCallbacks {
  /** Once per committed step. `labels` is the live map: copy it if you keep it past this call. */
  onCommit?: (labels: Uint8Array, bbox: Bbox, kind: CommitKind) => void
  /** At the end of a window/level drag, and on setWindow / auto window. */
  onWindowChange?: (w: WindowLevel) => void
  /** A mask that cannot be shown (wrong size): the message, or null when it is fine again. */
  onMaskError?: (message: string | null) => void
}

export interface EditorSettings {
  tool: EditorToolName
  classValue: number
  brushSize: number
  intensityRange: IntensityRange | null
  tolerance: number
  readOnly: boolean
}

export interface EditorNodes {
  /** Receives pointer events; the Konva stage sits under it and never sees them. */
  container: HTMLElement
  stage: Konva.Stage
  imageLayer: Konva.Layer
  maskLayer: Konva.Layer
  overlayLayer: Konva.Layer
  imageNode: Konva.Image
  maskNode: Konva.Image
  cursor: Konva.Circle
  outline: Konva.Line
  readout: HTMLElement | null
  zoomLabel: HTMLElement | null
}

type Press =
  | { kind: 'tool'; pointerId: number; tool: MaskTool; commitKind: CommitKind }
  | { kind: 'pan'; pointerId: number; sx: number; sy: number; view: ViewTransform }
  | { kind: 'windowLevel'; pointerId: number; sx: number; sy: number; window: WindowLevel }

/** Shape of `window.__radlabEditor` and of the container's `data-view` (see MaskEditor.tsx). */
export interface EditorDebugHook {
  getView(): ViewTransform
  getWindow(): WindowLevel
  /** Client (page) coordinates of an image point; pass i + 0.5 for a pixel centre. */
  imageToClient(x: number, y: number): { x: number; y: number }
  clientToImage(x: number, y: number): { x: number; y: number }
  getLabels(): Uint8Array | null
  historyBytes(): number
  undoDepth(): number
  /** Displayed grey of image pixel (i, j) under the current window (before the mask overlay). */
  imageGreyAt(i: number, j: number): number | null
}

declare global {
  // eslint-disable-next-line no-var
  var __radlabEditor: EditorDebugHook | undefined
}

export class EditorEngine {
  private nodes: EditorNodes | null = null
  private image: WindowedImage | null = null
  private labels: Uint8Array | null = null
  private adoptedLabels: Uint8Array | null = null
  private maskError: string | null = null
  private painter: MaskPainter | null = null
  private history: EditHistory | null = null
  /** Set when the page supplies the history (volumes: VolumeHistory.forSlice). */
  private externalHistory: EditHistory | null = null
  private classes: MaskClass[] = []
  private displayMode: MaskDisplayMode = 'fill'
  private settings: EditorSettings = { tool: 'brush', classValue: 1, brushSize: 10, intensityRange: null, tolerance: 10, readOnly: false }
  private readonly tools = {
    brush: new BrushTool(),
    eraser: createEraserTool(),
    polygon: new PolygonTool(),
    fill: new FloodFillTool(),
  }
  private view: ViewTransform = { scale: 1, offsetX: 0, offsetY: 0 }
  private autoFit = true
  private stageW = 0
  private stageH = 0
  private win: WindowLevel = { center: 0.5, width: 1 }
  private press: Press | null = null
  private spaceHeld = false
  private rect: DOMRect | null = null
  private lastSx = 0
  private lastSy = 0
  private wlFrame = 0
  private detachFns: (() => void)[] = []
  callbacks: EditorCallbacks = {}

  constructor(
    private readonly perf: PerfRecorder,
    private readonly historyOptions: MaskHistoryOptions = {},
  ) {}

  // ----- wiring -------------------------------------------------------------------------------

  attach(nodes: EditorNodes): void {
    this.detach()
    this.nodes = nodes
    const c = nodes.container
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      c.addEventListener(type, fn as EventListener, opts)
      this.detachFns.push(() => c.removeEventListener(type, fn as EventListener, opts))
    }
    on('pointerdown', (e) => this.onPointerDown(e))
    on('pointermove', (e) => this.onPointerMove(e))
    on('pointerup', (e) => this.onPointerUp(e))
    on('pointercancel', () => this.cancel())
    // Capture lost without a pointerup (window blur, element removed): end the press as if released.
    on('lostpointercapture', (e) => this.onPointerUp(e, true))
    on('pointerleave', () => this.onPointerLeave())
    on('pointerenter', () => (this.rect = null))
    on('wheel', (e) => this.onWheel(e), { passive: false })
    on('contextmenu', (e) => e.preventDefault())
    on('dblclick', () => this.closePolygon())
    // Draw timing for the bench: the mask layer's own draw events.
    let drawStart = 0
    nodes.maskLayer.on('beforeDraw.perf', () => (drawStart = now()))
    nodes.maskLayer.on('draw.perf', () => this.perf.draw.push(now() - drawStart))
    this.detachFns.push(() => nodes.maskLayer.off('.perf'))
    const hook = this.debugHook()
    globalThis.__radlabEditor = hook
    this.detachFns.push(() => {
      if (globalThis.__radlabEditor === hook) globalThis.__radlabEditor = undefined
    })
    if (this.image) this.bindImageNodes()
    this.applyView()
  }

  detach(): void {
    for (const fn of this.detachFns.splice(0)) fn()
    if (this.wlFrame) cancelAnimationFrame(this.wlFrame)
    this.wlFrame = 0
    this.nodes = null
    this.press = null
  }

  // ----- inputs from props --------------------------------------------------------------------

  /** A new image (by identity): new canvases, fresh view and window. */
  setImage(image: EditorImage, initialWindow: WindowLevel | null | undefined): void {
    if (this.image?.image === image) return
    this.cancel()
    const same = this.image && this.image.image.width === image.width && this.image.image.height === image.height
    if (same) this.image!.replace(image)
    else this.image = new WindowedImage(image)
    this.win = initialWindow && initialWindow.width > 0 ? { ...initialWindow } : percentileWindow(image.pixels)
    this.image!.render(this.win)
    if (!this.painter || this.painter.width !== image.width || this.painter.height !== image.height) {
      this.painter = new MaskPainter(image.width, image.height, this.classes, this.displayMode)
    }
    // Labels must be re-adopted for the new image (setLabels follows in the same effect).
    this.labels = null
    this.adoptedLabels = null
    this.autoFit = true
    this.bindImageNodes()
    this.fit()
    if (this.nodes) writeReadout(this.nodes.readout, '')
    this.markShownAfterDraw()
  }

  /** A label map from the page (by identity). Copied: the editor edits its own map. */
  setLabels(labels: Uint8Array): void {
    if (!this.image || labels === this.adoptedLabels || labels === this.labels) return
    // The page fed back a copy of what the editor already shows (e.g. from onCommit): keep history.
    if (this.labels && !this.maskError && sameBytes(labels, this.labels)) {
      this.adoptedLabels = labels
      return
    }
    this.cancel()
    this.adoptedLabels = labels
    const { width, height } = this.image.image
    try {
      assertLabelMapSize(labels, width, height)
      this.setMaskError(null)
      this.labels = labels.slice()
    } catch (err) {
      // Shown as an error on this image, never drawn stretched; editing is off until fixed.
      this.setMaskError((err as Error).message)
      this.labels = new Uint8Array(width * height)
    }
    this.history = this.externalHistory ?? new MaskHistory(width, height, this.historyOptions)
    this.painter!.repaintAll(this.labels)
    this.drawMask()
  }

  /**
   * Use the page's history (volumes: one list across slices) instead of the editor's own, which
   * is otherwise created afresh for every new mask. null goes back to an own history.
   */
  setExternalHistory(history: EditHistory | null): void {
    if (history === this.externalHistory) return
    this.cancel()
    this.externalHistory = history
    if (history) this.history = history
    else if (this.image) this.history = new MaskHistory(this.image.image.width, this.image.image.height, this.historyOptions)
  }

  setClasses(classes: MaskClass[]): void {
    this.classes = classes
    if (this.painter && this.labels) {
      this.painter.setClasses(classes)
      this.painter.repaintAll(this.labels)
      this.drawMask()
    }
  }

  setDisplayMode(mode: MaskDisplayMode): void {
    this.displayMode = mode
    if (this.painter && this.labels && this.painter.displayMode !== mode) {
      this.painter.setDisplayMode(mode)
      this.painter.repaintAll(this.labels)
      this.drawMask()
    }
  }

  setSettings(s: EditorSettings): void {
    const toolChanged = s.tool !== this.settings.tool || s.readOnly !== this.settings.readOnly
    if (toolChanged) this.cancel()
    this.settings = { ...s, brushSize: Math.max(1, Math.round(s.brushSize)) }
    this.updateCursorStyle()
    const cursor = this.nodes?.cursor
    if (cursor) {
      cursor.radius(this.settings.brushSize / 2)
      if (!this.brushCursorWanted()) cursor.visible(false)
      this.nodes!.overlayLayer.batchDraw()
    }
  }

  setSpaceHeld(held: boolean): void {
    if (this.spaceHeld === held) return
    this.spaceHeld = held
    this.updateCursorStyle()
  }

  resize(width: number, height: number): void {
    const stage = this.nodes?.stage
    // react-konva may re-apply the Stage's placeholder size props (StrictMode replays effects),
    // so compare with the stage itself too.
    const stageOk = !stage || (stage.width() === width && stage.height() === height)
    if (width === this.stageW && height === this.stageH && stageOk) return
    this.stageW = width
    this.stageH = height
    this.rect = null
    stage?.size({ width, height })
    if (this.autoFit) this.fit()
    else this.applyView()
  }

  // ----- imperative API -----------------------------------------------------------------------

  undo(): Bbox | null {
    return this.step('undo')
  }

  redo(): Bbox | null {
    return this.step('redo')
  }

  /** Abandon the stroke or outline in progress; pixels it touched are restored. */
  cancel(): void {
    const tool = this.press?.kind === 'tool' ? this.press.tool : this.activeTool()
    this.press = null
    if (!tool) return
    const box = tool.cancel()
    if (box && this.painter && this.labels) {
      this.painter.repaint(this.labels, box)
      this.drawMask()
    }
    this.updateOutline()
  }

  closePolygon(): void {
    const tool = this.tools.polygon
    if (tool.state !== 'drawing') return
    this.press = null
    const notify = this.applyUpdate(tool.close(), 'polygon')
    this.updateOutline()
    notify?.()
  }

  fit(): void {
    if (!this.image || this.stageW === 0) return
    this.view = fitView(this.image.image.width, this.image.image.height, this.stageW, this.stageH)
    this.autoFit = true
    this.applyView()
  }

  oneToOne(): void {
    if (!this.image || this.stageW === 0) return
    this.view = oneToOneView(this.image.image.width, this.image.image.height, this.stageW, this.stageH)
    this.autoFit = false
    this.applyView()
  }

  zoomBy(factor: number): void {
    this.view = zoomAt(this.view, factor, this.stageW / 2, this.stageH / 2)
    this.autoFit = false
    this.applyView()
  }

  getView(): ViewTransform {
    return { ...this.view }
  }

  getWindow(): WindowLevel {
    return { ...this.win }
  }

  setWindow(w: WindowLevel): void {
    if (!(w.width > 0) || !Number.isFinite(w.center)) throw new Error(`window ${JSON.stringify(w)} needs a finite centre and a width > 0`)
    this.win = { ...w }
    this.renderImage()
    this.callbacks.onWindowChange?.(this.getWindow())
  }

  autoWindow(): WindowLevel {
    if (this.image) this.setWindow(percentileWindow(this.image.image.pixels))
    return this.getWindow()
  }

  getLabels(): Uint8Array | null {
    return this.labels ? this.labels.slice() : null
  }

  /** Replace the whole map as one undoable step (interpolation result, restored version). */
  applyLabels(next: Uint8Array): Bbox | null {
    if (!this.image || !this.labels || !this.history || !this.painter) throw new Error('applyLabels: no image loaded')
    const { width, height } = this.image.image
    assertLabelMapSize(next, width, height, 'applyLabels mask')
    this.cancel()
    if (this.maskError) {
      this.setMaskError(null)
      this.labels.fill(0)
    }
    const box = diffBbox(this.labels, next, width, height)
    if (!box) return null
    const before = this.labels.slice()
    this.labels.set(next)
    this.history.record(before, this.labels, box, 'apply')
    this.painter.repaint(this.labels, box)
    this.drawMask()
    this.callbacks.onCommit?.(this.labels, box, 'apply')
    return box
  }

  historyBytes(): number {
    return this.history?.memoryBytes() ?? 0
  }

  // ----- pointer handling ---------------------------------------------------------------------

  private onPointerDown(e: PointerEvent): void {
    if (!this.nodes || !this.image || this.press) return
    if (e.button === 2 || e.button === 1) e.preventDefault()
    this.rect = this.nodes.container.getBoundingClientRect()
    const sx = e.clientX - this.rect.left
    const sy = e.clientY - this.rect.top
    this.lastSx = sx
    this.lastSy = sy
    const intent = pointerIntent(
      { button: e.button, shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey, alt: e.altKey, spaceHeld: this.spaceHeld },
      this.settings.tool,
      this.settings.readOnly || this.maskError !== null,
    )
    if (intent.kind === 'none') return
    this.nodes.container.setPointerCapture?.(e.pointerId)
    if (intent.kind === 'pan') {
      this.press = { kind: 'pan', pointerId: e.pointerId, sx, sy, view: { ...this.view } }
      this.updateCursorStyle()
      return
    }
    if (intent.kind === 'windowLevel') {
      this.press = { kind: 'windowLevel', pointerId: e.pointerId, sx, sy, window: { ...this.win } }
      return
    }
    const tool = this.activeTool()
    const ctx = this.toolContext()
    if (!tool || !ctx) return
    const t0 = now()
    const p = this.toolPointer(sx, sy, intent.erase)
    const commitKind: CommitKind =
      tool === this.tools.polygon ? 'polygon' : tool === this.tools.fill ? 'fill' : intent.erase ? 'eraser' : 'brush'
    this.press = { kind: 'tool', pointerId: e.pointerId, tool, commitKind }
    const notify = this.applyUpdate(tool.pointerDown(ctx, p), commitKind)
    // A click-only tool (flood fill) or a click that closed the polygon ends the press here.
    if (tool.state === 'idle' && tool !== this.tools.brush && tool !== this.tools.eraser) this.press = null
    if (tool === this.tools.polygon) this.updateOutline()
    this.perf.pointer.push(now() - t0)
    notify?.()
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.nodes || !this.image) return
    const rect = (this.rect ??= this.nodes.container.getBoundingClientRect())
    const sx = e.clientX - rect.left
    const sy = e.clientY - rect.top
    const press = this.press
    if (press && press.pointerId !== e.pointerId) return
    this.lastSx = sx
    this.lastSy = sy
    if (press?.kind === 'pan') {
      this.view = { scale: press.view.scale, offsetX: press.view.offsetX + sx - press.sx, offsetY: press.view.offsetY + sy - press.sy }
      this.autoFit = false
      this.applyView()
    } else if (press?.kind === 'windowLevel') {
      const { min, max } = this.image.range
      this.win = dragWindow(press.window, sx - press.sx, sy - press.sy, max - min)
      this.scheduleImageRender()
    } else if (press?.kind === 'tool') {
      const t0 = now()
      // Coalesced samples keep the stroke's curve at high pointer rates; gaps are filled anyway.
      const samples = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : []
      let dirty: Bbox | null = null
      const erase = press.commitKind === 'eraser'
      for (const s of samples.length > 0 ? samples : [e]) {
        const u = press.tool.pointerMove(this.toolPointer(s.clientX - rect.left, s.clientY - rect.top, erase))
        dirty = unionBbox(dirty, u.dirty)
      }
      const notify = this.applyUpdate({ dirty }, press.commitKind)
      if (press.tool === this.tools.polygon) this.updateOutline()
      this.perf.pointer.push(now() - t0)
      notify?.()
    } else if (this.settings.tool === 'polygon' && this.tools.polygon.state === 'drawing') {
      this.tools.polygon.pointerMove(this.toolPointer(sx, sy, false))
      this.updateOutline()
    }
    this.updateCursor(sx, sy)
  }

  /** `captureLost`: no pointerup came (window blur…); end at the last known position. */
  private onPointerUp(e: PointerEvent, captureLost = false): void {
    const press = this.press
    if (!press || press.pointerId !== e.pointerId || !this.nodes) return
    this.press = null
    if (!captureLost) this.nodes.container.releasePointerCapture?.(e.pointerId)
    const rect = (this.rect ??= this.nodes.container.getBoundingClientRect())
    const sx = captureLost ? this.lastSx : e.clientX - rect.left
    const sy = captureLost ? this.lastSy : e.clientY - rect.top
    if (press.kind === 'tool') {
      const t0 = now()
      const notify = this.applyUpdate(press.tool.pointerUp(this.toolPointer(sx, sy, press.commitKind === 'eraser')), press.commitKind)
      if (press.tool === this.tools.polygon) this.updateOutline()
      this.perf.pointer.push(now() - t0)
      notify?.()
    } else if (press.kind === 'windowLevel') {
      this.renderImage()
      this.callbacks.onWindowChange?.(this.getWindow())
    }
    this.updateCursorStyle()
  }

  private onPointerLeave(): void {
    if (this.press || !this.nodes) return
    writeReadout(this.nodes.readout, '')
    if (this.nodes.cursor.visible()) {
      this.nodes.cursor.visible(false)
      this.nodes.overlayLayer.batchDraw()
    }
  }

  private onWheel(e: WheelEvent): void {
    if (!this.nodes) return
    e.preventDefault()
    const rect = (this.rect ??= this.nodes.container.getBoundingClientRect())
    this.view = zoomAt(this.view, wheelZoomFactor(e.deltaY, e.deltaMode), e.clientX - rect.left, e.clientY - rect.top)
    this.autoFit = false
    this.applyView()
    this.updateCursor(e.clientX - rect.left, e.clientY - rect.top)
  }

  // ----- internals ----------------------------------------------------------------------------

  private activeTool(): MaskTool | null {
    switch (this.settings.tool) {
      case 'brush':
        return this.tools.brush
      case 'eraser':
        return this.tools.eraser
      case 'polygon':
        return this.tools.polygon
      case 'fill':
        return this.tools.fill
      default:
        return null
    }
  }

  private toolContext(): ToolContext | null {
    if (!this.image || !this.labels) return null
    const { width, height, pixels } = this.image.image
    const s = this.settings
    return {
      labels: this.labels,
      image: pixels,
      width,
      height,
      classValue: s.classValue,
      brushSize: s.brushSize,
      intensityRange: s.intensityRange,
      tolerance: s.tolerance,
    }
  }

  private toolPointer(sx: number, sy: number, erase: boolean): ToolPointer {
    const p = screenToImage(this.view, sx, sy)
    // Closing the polygon: within 6 screen pixels of the first vertex, whatever the zoom.
    return { x: p.x, y: p.y, erase, closeRadius: 6 / this.view.scale }
  }

  /**
   * Repaint and record a tool update. Returns the onCommit notification to run once the event's
   * own work is timed: the page's save logic is not part of the per-event figure.
   */
  private applyUpdate(u: ToolUpdate, kind: CommitKind): (() => void) | null {
    const labels = this.labels
    if (!labels || !this.painter) return null
    if (u.dirty) {
      this.painter.repaint(labels, u.dirty)
      this.drawMask()
    }
    if (!u.commit || !this.history) return null
    const { bbox } = u.commit
    this.history.record(u.commit.before, labels, bbox, kind)
    return () => this.callbacks.onCommit?.(labels, bbox, kind)
  }

  private step(kind: 'undo' | 'redo'): Bbox | null {
    if (!this.labels || !this.history || !this.painter || this.settings.readOnly || this.maskError) return null
    this.cancel()
    const box = kind === 'undo' ? this.history.undo(this.labels) : this.history.redo(this.labels)
    if (!box) return null
    this.painter.repaint(this.labels, box)
    this.drawMask()
    this.callbacks.onCommit?.(this.labels, box, kind)
    return box
  }

  private drawMask(): void {
    const layer = this.nodes?.maskLayer
    if (!layer) return
    if (this.perf.syncDraw) layer.draw()
    else layer.batchDraw()
  }

  /** For the bench's image-switch figure: stamp the frame after Konva has drawn the new image. */
  private markShownAfterDraw(): void {
    if (typeof requestAnimationFrame !== 'function') return
    // Registered after the layers' batchDraw, so it runs after they drew in the same frame.
    requestAnimationFrame(() => {
      this.perf.imagesShown++
      this.perf.lastImageShownAt = now()
      if (this.nodes) this.nodes.container.dataset.imagesShown = String(this.perf.imagesShown)
    })
  }

  private renderImage(): void {
    if (this.wlFrame) cancelAnimationFrame(this.wlFrame)
    this.wlFrame = 0
    if (!this.image) return
    this.image.render(this.win)
    if (this.nodes) {
      this.nodes.container.dataset.window = JSON.stringify(this.win)
      this.nodes.imageLayer.batchDraw()
    }
  }

  private scheduleImageRender(): void {
    if (this.wlFrame) return
    this.wlFrame = requestAnimationFrame(() => {
      this.wlFrame = 0
      this.renderImage()
    })
  }

  private bindImageNodes(): void {
    if (!this.nodes || !this.image || !this.painter) return
    const { width, height } = this.image.image
    this.nodes.imageNode.setAttrs({ image: this.image.canvas as CanvasImageSource, width, height })
    this.nodes.maskNode.setAttrs({ image: this.painter.canvas as CanvasImageSource, width, height })
    this.nodes.container.dataset.window = JSON.stringify(this.win)
    this.nodes.container.dataset.image = `${width}x${height}`
    this.nodes.imageLayer.batchDraw()
    this.drawMask()
  }

  private applyView(): void {
    const n = this.nodes
    if (!n) return
    const v = this.view
    n.stage.scale({ x: v.scale, y: v.scale })
    n.stage.position({ x: v.offsetX, y: v.offsetY })
    n.stage.batchDraw()
    n.container.dataset.view = JSON.stringify(v)
    if (n.zoomLabel) n.zoomLabel.textContent = formatZoom(v.scale)
  }

  private brushCursorWanted(): boolean {
    const t = this.settings.tool
    return (t === 'brush' || t === 'eraser') && !this.settings.readOnly && !this.spaceHeld && this.maskError === null
  }

  private updateCursor(sx: number, sy: number): void {
    const n = this.nodes
    if (!n || !this.image) return
    const p = screenToImage(this.view, sx, sy)
    const { width, height, pixels } = this.image.image
    writeReadout(n.readout, formatReadout(p.x, p.y, width, height, pixels))
    const want = this.brushCursorWanted() && this.press?.kind !== 'pan'
    if (want) {
      // Centre the circle where the stamp lands: a pixel centre (odd sizes) or corner (even).
      const size = this.settings.brushSize
      const cx = size % 2 === 1 ? Math.floor(p.x) + 0.5 : Math.round(p.x)
      const cy = size % 2 === 1 ? Math.floor(p.y) + 0.5 : Math.round(p.y)
      n.cursor.setAttrs({ x: cx, y: cy, radius: size / 2, visible: true })
      n.overlayLayer.batchDraw()
    } else if (n.cursor.visible()) {
      n.cursor.visible(false)
      n.overlayLayer.batchDraw()
    }
  }

  private updateOutline(): void {
    const n = this.nodes
    if (!n) return
    const pts = this.tools.polygon.outline
    const flat: number[] = []
    for (const p of pts) flat.push(p.x, p.y)
    n.outline.points(flat)
    n.outline.visible(flat.length >= 4)
    n.overlayLayer.batchDraw()
  }

  private updateCursorStyle(): void {
    const c = this.nodes?.container
    if (!c) return
    const panning = this.press?.kind === 'pan'
    c.style.cursor = panning ? 'grabbing' : this.spaceHeld || this.settings.tool === 'pan' ? 'grab' : this.settings.tool === 'windowLevel' ? 'ns-resize' : 'crosshair'
    c.dataset.tool = this.settings.tool
  }

  private setMaskError(message: string | null): void {
    if (this.maskError === message) return
    this.maskError = message
    this.nodes?.maskNode.visible(message === null)
    this.callbacks.onMaskError?.(message)
  }

  private debugHook(): EditorDebugHook {
    return {
      getView: () => this.getView(),
      getWindow: () => this.getWindow(),
      imageToClient: (x, y) => {
        const r = this.nodes!.container.getBoundingClientRect()
        const s = imageToScreen(this.view, x, y)
        return { x: r.left + s.x, y: r.top + s.y }
      },
      clientToImage: (x, y) => {
        const r = this.nodes!.container.getBoundingClientRect()
        return screenToImage(this.view, x - r.left, y - r.top)
      },
      getLabels: () => this.getLabels(),
      historyBytes: () => this.historyBytes(),
      undoDepth: () => this.history?.undoDepth ?? 0,
      imageGreyAt: (i, j) => {
        const img = this.image
        if (!img || i < 0 || j < 0 || i >= img.image.width || j >= img.image.height) return null
        return img.greyAt(Math.floor(i), Math.floor(j))
      },
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  // Compare 4 bytes at a time where both are aligned (they are for whole-buffer arrays).
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const n4 = a.length >>> 2
    const a4 = new Uint32Array(a.buffer, a.byteOffset, n4)
    const b4 = new Uint32Array(b.buffer, b.byteOffset, n4)
    for (let i = 0; i < n4; i++) if (a4[i] !== b4[i]) return false
    for (let i = n4 * 4; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
