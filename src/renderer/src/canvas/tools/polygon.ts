// Polygon / lasso fill (P).
//   idle --down--> drawing (first vertex)
//   drawing: click adds a vertex; a press that drags traces a lasso outline;
//   commit: release after a lasso drag, a click near the first vertex, or close() (Enter / double-click);
//   cancel (Escape): the outline is dropped. The mask changes only at commit, so nothing to restore.
// The outline is filled with the scanline rule in scanline-fill.ts; with an intensity range only
// pixels inside the range are painted. A gesture started with `erase` clears instead.

import { Gesture } from './gesture'
import { fillPolygon, type Point } from './scanline-fill'
import { type MaskTool, NO_UPDATE, type ToolContext, type ToolPointer, type ToolState, type ToolUpdate } from './tool-types'

const DEFAULT_CLOSE_RADIUS = 4

export class PolygonTool implements MaskTool {
  readonly name = 'polygon'
  private ctx: ToolContext | null = null
  private erase = false
  private pts: Point[] = []
  private pressed = false
  private pressStart: Point | null = null
  private dragged = false
  private hover: Point | null = null
  private gesture = new Gesture()

  get state(): ToolState {
    return this.ctx ? 'drawing' : 'idle'
  }

  /** Outline so far plus the rubber-band point under the cursor, for the preview line. */
  get outline(): readonly Point[] {
    return this.hover && !this.pressed ? [...this.pts, this.hover] : this.pts
  }

  pointerDown(ctx: ToolContext, p: ToolPointer): ToolUpdate {
    const at = { x: p.x, y: p.y }
    if (!this.ctx) {
      this.ctx = ctx
      this.erase = p.erase
      this.pts = [at]
    } else {
      const first = this.pts[0]
      const r = p.closeRadius ?? DEFAULT_CLOSE_RADIUS
      if (this.pts.length >= 3 && Math.hypot(at.x - first.x, at.y - first.y) <= r) return this.close()
      this.addPoint(at)
    }
    this.pressed = true
    this.pressStart = at
    this.dragged = false
    return NO_UPDATE
  }

  pointerMove(p: ToolPointer): ToolUpdate {
    if (!this.ctx) return NO_UPDATE
    const at = { x: p.x, y: p.y }
    if (!this.pressed) {
      this.hover = at
      return NO_UPDATE
    }
    const start = this.pressStart!
    const threshold = (p.closeRadius ?? DEFAULT_CLOSE_RADIUS) / 2
    if (!this.dragged && Math.hypot(at.x - start.x, at.y - start.y) > threshold) this.dragged = true
    if (this.dragged) this.addPoint(at)
    return NO_UPDATE
  }

  pointerUp(p: ToolPointer): ToolUpdate {
    if (!this.ctx || !this.pressed) return NO_UPDATE
    this.pointerMove(p)
    this.pressed = false
    // A drag traced an outline: release closes it, like a lasso.
    if (this.dragged && this.pts.length >= 3) return this.close()
    return NO_UPDATE
  }

  /** Close the outline and fill it: one undo step. Fewer than 3 vertices cancels. */
  close(): ToolUpdate {
    const ctx = this.ctx
    const poly = this.pts
    this.reset()
    if (!ctx || poly.length < 3) return NO_UPDATE
    this.gesture.begin(ctx.labels, ctx.width)
    const value = this.erase ? 0 : ctx.classValue
    const range = this.erase ? null : ctx.intensityRange
    const dirty = fillPolygon(ctx.labels, ctx.image, ctx.width, ctx.height, poly, value, range)
    this.gesture.touch(dirty)
    return { dirty, commit: this.gesture.commit() }
  }

  cancel() {
    this.reset()
    return null
  }

  private addPoint(at: Point) {
    const last = this.pts[this.pts.length - 1]
    if (!last || Math.hypot(at.x - last.x, at.y - last.y) >= 0.5) this.pts.push(at)
  }

  private reset() {
    this.ctx = null
    this.pts = []
    this.pressed = false
    this.pressStart = null
    this.dragged = false
    this.hover = null
  }
}
