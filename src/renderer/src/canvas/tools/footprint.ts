// The round brush footprint, shared by brush and eraser (as cornerstone3D builds both from one
// strategy). A pixel belongs to the disc when its centre lies within size/2 of the disc centre.
// Odd sizes centre on a pixel centre, even sizes on a pixel corner, so every size is symmetric
// and size 1 is exactly one pixel.

import type { Bbox } from '../bbox'
import type { IntensityRange } from './tool-types'

/** Integer anchor of a stamp: the pixel (odd size) or the pixel corner (even size) nearest the pointer. */
export function stampAnchor(x: number, y: number, size: number): [number, number] {
  return size % 2 === 1 ? [Math.floor(x), Math.floor(y)] : [Math.round(x), Math.round(y)]
}

/** Row spans of the disc relative to its anchor: spans[k] = [dy, dxFrom, dxTo] (inclusive). */
export function discSpans(size: number): Int32Array {
  const s = Math.max(1, Math.round(size))
  const r2 = (s / 2) * (s / 2) + 1e-9
  const c = s % 2 === 1 ? 0.5 : 0
  const out: number[] = []
  const half = Math.ceil(s / 2)
  for (let dy = -half; dy <= half; dy++) {
    const fy = dy + 0.5 - c
    const rem = r2 - fy * fy
    if (rem < 0) continue
    const m = Math.sqrt(rem)
    const from = Math.ceil(c - m - 0.5)
    const to = Math.floor(c + m - 0.5)
    if (from <= to) out.push(dy, from, to)
  }
  return Int32Array.from(out)
}

/** Pixel offsets of the disc relative to its anchor (for tests and cursor drawing). */
export function discOffsets(size: number): [number, number][] {
  const spans = discSpans(size)
  const out: [number, number][] = []
  for (let k = 0; k < spans.length; k += 3) {
    for (let dx = spans[k + 1]; dx <= spans[k + 2]; dx++) out.push([dx, spans[k]])
  }
  return out
}

/**
 * Write `value` into the disc at anchor (ax, ay), clipped to the image. With a range, only pixels
 * whose image value lies in it change. Returns the clipped box, or null when fully outside.
 */
export function stampDisc(
  labels: Uint8Array,
  image: Float32Array,
  width: number,
  height: number,
  spans: Int32Array,
  ax: number,
  ay: number,
  value: number,
  range: IntensityRange | null,
): Bbox | null {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let k = 0; k < spans.length; k += 3) {
    const y = ay + spans[k]
    if (y < 0 || y >= height) continue
    const from = Math.max(0, ax + spans[k + 1])
    const to = Math.min(width - 1, ax + spans[k + 2])
    if (from > to) continue
    const row = y * width
    if (range) {
      const { low, high } = range
      for (let i = row + from; i <= row + to; i++) {
        const v = image[i]
        if (v >= low && v <= high) labels[i] = value
      }
    } else {
      labels.fill(value, row + from, row + to + 1)
    }
    if (from < x0) x0 = from
    if (to > x1) x1 = to
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

/**
 * Integer points from a (exclusive) to b (inclusive) along a Bresenham line: the anchors the
 * brush stamps between two pointer samples, so a fast drag leaves no gap.
 */
export function lineAnchors(ax: number, ay: number, bx: number, by: number): number[] {
  const out: number[] = []
  const dx = Math.abs(bx - ax)
  const dy = -Math.abs(by - ay)
  const sx = ax < bx ? 1 : -1
  const sy = ay < by ? 1 : -1
  let err = dx + dy
  let x = ax
  let y = ay
  while (x !== bx || y !== by) {
    const e2 = 2 * err
    if (e2 >= dy) {
      err += dy
      x += sx
    }
    if (e2 <= dx) {
      err += dx
      y += sy
    }
    out.push(x, y)
  }
  return out
}
