// Brush (B): idle → drawing on pointerdown, a disc stamp at every integer point between
// successive pointer samples, commit on pointerup (one stroke = one undo step), Escape restores.
// The same tool erases when built as the eraser or when the gesture starts with `erase` set
// (right button / modifier), so brush and eraser share one footprint and one code path.

import { unionBbox } from '../bbox'
import { discSpans, lineAnchors, stampAnchor, stampDisc } from './footprint'
import { Gesture } from './gesture'
import { type MaskTool, NO_UPDATE, type ToolContext, type ToolPointer, type ToolState, type ToolUpdate } from './tool-types'

export class BrushTool implements MaskTool {
  private gesture = new Gesture()
  private ctx: ToolContext | null = null
  private spans: Int32Array = discSpans(1)
  private spansSize = 1
  private value = 0
  private lastX = 0
  private lastY = 0

  constructor(readonly name: 'brush' | 'eraser' = 'brush') {}

  get state(): ToolState {
    return this.ctx ? 'drawing' : 'idle'
  }

  /** True while the current stroke removes labels. */
  get erasing(): boolean {
    return this.ctx !== null && this.value === 0
  }

  pointerDown(ctx: ToolContext, p: ToolPointer): ToolUpdate {
    if (this.ctx) this.cancel()
    const size = Math.max(1, Math.round(ctx.brushSize))
    if (size !== this.spansSize) {
      this.spans = discSpans(size)
      this.spansSize = size
    }
    this.ctx = ctx
    this.value = this.name === 'eraser' || p.erase ? 0 : ctx.classValue
    this.gesture.begin(ctx.labels, ctx.width)
    const [ax, ay] = stampAnchor(p.x, p.y, size)
    this.lastX = ax
    this.lastY = ay
    const dirty = this.stamp(ax, ay)
    this.gesture.touch(dirty)
    return { dirty }
  }

  pointerMove(p: ToolPointer): ToolUpdate {
    if (!this.ctx) return NO_UPDATE
    const [ax, ay] = stampAnchor(p.x, p.y, this.spansSize)
    if (ax === this.lastX && ay === this.lastY) return NO_UPDATE
    const pts = lineAnchors(this.lastX, this.lastY, ax, ay)
    let dirty = null
    for (let k = 0; k < pts.length; k += 2) dirty = unionBbox(dirty, this.stamp(pts[k], pts[k + 1]))
    this.lastX = ax
    this.lastY = ay
    this.gesture.touch(dirty)
    return { dirty }
  }

  pointerUp(p: ToolPointer): ToolUpdate {
    if (!this.ctx) return NO_UPDATE
    const { dirty } = this.pointerMove(p)
    this.ctx = null
    return { dirty, commit: this.gesture.commit() }
  }

  cancel() {
    this.ctx = null
    return this.gesture.cancel()
  }

  private stamp(ax: number, ay: number) {
    const c = this.ctx!
    // The intensity range limits painting only; the eraser always clears.
    const range = this.value === 0 ? null : c.intensityRange
    return stampDisc(c.labels, c.image, c.width, c.height, this.spans, ax, ay, this.value, range)
  }
}
