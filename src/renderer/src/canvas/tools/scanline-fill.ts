// Even-odd polygon fill sampled at pixel centres: pixel (x, y) is inside when (x+0.5, y+0.5) is.
// So a square outline from (10,10) to (20,20) fills exactly x, y ∈ [10, 20).

import type { Bbox } from '../bbox'
import type { IntensityRange } from './tool-types'

export interface Point {
  x: number
  y: number
}

export function fillPolygon(
  labels: Uint8Array,
  image: Float32Array,
  width: number,
  height: number,
  poly: readonly Point[],
  value: number,
  range: IntensityRange | null,
): Bbox | null {
  if (poly.length < 3) return null
  let minY = Infinity
  let maxY = -Infinity
  for (const p of poly) {
    if (p.y < minY) minY = p.y
    if (p.y > maxY) maxY = p.y
  }
  const yFrom = Math.max(0, Math.ceil(minY - 0.5))
  const yTo = Math.min(height - 1, Math.floor(maxY - 0.5))
  const xs: number[] = []
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = yFrom; y <= yTo; y++) {
    const cy = y + 0.5
    xs.length = 0
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const a = poly[i]
      const b = poly[j]
      // Half-open rule on y so a vertex on the scanline counts once.
      if (a.y <= cy !== b.y <= cy) xs.push(a.x + ((cy - a.y) * (b.x - a.x)) / (b.y - a.y))
    }
    xs.sort((p, q) => p - q)
    const row = y * width
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixel centres x+0.5 in [xs[k], xs[k+1]).
      const from = Math.max(0, Math.ceil(xs[k] - 0.5))
      const to = Math.min(width - 1, Math.ceil(xs[k + 1] - 0.5) - 1)
      if (from > to) continue
      if (range) {
        for (let i = row + from; i <= row + to; i++) {
          const v = image[i]
          if (v >= range.low && v <= range.high) labels[i] = value
        }
      } else {
        labels.fill(value, row + from, row + to + 1)
      }
      if (from < x0) x0 = from
      if (to > x1) x1 = to
      if (y < y0) y0 = y
      y1 = y
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}
