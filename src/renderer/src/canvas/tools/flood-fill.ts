// Flood fill (F): one click fills the 4-connected region whose image values lie within
// `tolerance` of the value under the click. A click is a whole gesture (idle → commit), so
// there is nothing to cancel. Scanline fill with an explicit stack: no recursion, so a
// 4096² region cannot overflow the call stack.

import type { Bbox } from '../bbox'
import { Gesture } from './gesture'
import { type MaskTool, NO_UPDATE, type ToolContext, type ToolPointer, type ToolUpdate } from './tool-types'

/** Mark the similar-intensity region around (sx, sy) in `out` (1 = in region); returns its box. */
export function floodRegion(
  image: Float32Array,
  width: number,
  height: number,
  sx: number,
  sy: number,
  tolerance: number,
  out: Uint8Array,
): Bbox | null {
  if (sx < 0 || sy < 0 || sx >= width || sy >= height) return null
  const seed = image[sy * width + sx]
  const low = seed - tolerance
  const high = seed + tolerance
  const inside = (i: number) => out[i] === 0 && image[i] >= low && image[i] <= high
  let stack = new Int32Array(1024)
  let top = 0
  const push = (i: number) => {
    if (top === stack.length) {
      const bigger = new Int32Array(stack.length * 2)
      bigger.set(stack)
      stack = bigger
    }
    stack[top++] = i
  }
  let x0 = sx
  let x1 = sx
  let y0 = sy
  let y1 = sy
  push(sy * width + sx)
  while (top > 0) {
    const i = stack[--top]
    if (!inside(i)) continue
    const y = (i / width) | 0
    const row = y * width
    let l = i - row
    let r = l
    while (l > 0 && inside(row + l - 1)) l--
    while (r < width - 1 && inside(row + r + 1)) r++
    out.fill(1, row + l, row + r + 1)
    if (l < x0) x0 = l
    if (r > x1) x1 = r
    if (y < y0) y0 = y
    if (y > y1) y1 = y
    // Seed the rows above and below once per run of fillable pixels.
    for (const ny of [y - 1, y + 1]) {
      if (ny < 0 || ny >= height) continue
      const nrow = ny * width
      let inRun = false
      for (let x = l; x <= r; x++) {
        const ok = inside(nrow + x)
        if (ok && !inRun) push(nrow + x)
        inRun = ok
      }
    }
  }
  return { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

export class FloodFillTool implements MaskTool {
  readonly name = 'fill'
  readonly state = 'idle' as const
  private gesture = new Gesture()
  private region: Uint8Array | null = null

  pointerDown(ctx: ToolContext, p: ToolPointer): ToolUpdate {
    const sx = Math.floor(p.x)
    const sy = Math.floor(p.y)
    const n = ctx.width * ctx.height
    if (!this.region || this.region.length !== n) this.region = new Uint8Array(n)
    else this.region.fill(0)
    const box = floodRegion(ctx.image, ctx.width, ctx.height, sx, sy, Math.max(0, ctx.tolerance), this.region)
    if (!box) return NO_UPDATE
    this.gesture.begin(ctx.labels, ctx.width)
    const value = p.erase ? 0 : ctx.classValue
    const { labels, width } = ctx
    const region = this.region
    for (let y = box.y0; y < box.y1; y++) {
      for (let i = y * width + box.x0, end = y * width + box.x1; i < end; i++) if (region[i]) labels[i] = value
    }
    this.gesture.touch(box)
    return { dirty: box, commit: this.gesture.commit() }
  }

  pointerMove(): ToolUpdate {
    return NO_UPDATE
  }

  pointerUp(): ToolUpdate {
    return NO_UPDATE
  }

  cancel() {
    return null
  }
}
