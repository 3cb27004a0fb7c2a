// Axis-aligned pixel rectangles used to say "what changed": tools report them, the history
// stores only their contents, and the painter repaints only them. Half-open: x0 ≤ x < x1.

export interface Bbox {
  x0: number
  y0: number
  x1: number
  y1: number
}

export function isEmptyBbox(b: Bbox | null | undefined): boolean {
  return !b || b.x1 <= b.x0 || b.y1 <= b.y0
}

export function bboxArea(b: Bbox): number {
  return isEmptyBbox(b) ? 0 : (b.x1 - b.x0) * (b.y1 - b.y0)
}

/** Smallest box holding both; either may be null (nothing touched yet). */
export function unionBbox(a: Bbox | null, b: Bbox | null): Bbox | null {
  if (isEmptyBbox(a)) return isEmptyBbox(b) ? null : { ...b! }
  if (isEmptyBbox(b)) return { ...a! }
  return {
    x0: Math.min(a!.x0, b!.x0),
    y0: Math.min(a!.y0, b!.y0),
    x1: Math.max(a!.x1, b!.x1),
    y1: Math.max(a!.y1, b!.y1),
  }
}

/** Intersect with the image; null when nothing is left. */
export function clampBbox(b: Bbox, width: number, height: number): Bbox | null {
  const r = {
    x0: Math.max(0, Math.floor(b.x0)),
    y0: Math.max(0, Math.floor(b.y0)),
    x1: Math.min(width, Math.ceil(b.x1)),
    y1: Math.min(height, Math.ceil(b.y1)),
  }
  return isEmptyBbox(r) ? null : r
}

export function expandBbox(b: Bbox, by: number, width: number, height: number): Bbox | null {
  return clampBbox({ x0: b.x0 - by, y0: b.y0 - by, x1: b.x1 + by, y1: b.y1 + by }, width, height)
}

export function fullBbox(width: number, height: number): Bbox {
  return { x0: 0, y0: 0, x1: width, y1: height }
}

/** Box of the pixels where two label maps differ, or null when they are equal. */
export function diffBbox(a: Uint8Array, b: Uint8Array, width: number, height: number): Bbox | null {
  let x0 = width
  let y0 = height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < height; y++) {
    const row = y * width
    let first = -1
    let last = -1
    for (let x = 0; x < width; x++) {
      if (a[row + x] !== b[row + x]) {
        if (first < 0) first = x
        last = x
      }
    }
    if (first < 0) continue
    if (y < y0) y0 = y
    y1 = y
    if (first < x0) x0 = first
    if (last > x1) x1 = last
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

/** Copy a box out of a row-major map into a compact array (row by row). */
export function copyRegion(src: Uint8Array, width: number, b: Bbox, out?: Uint8Array): Uint8Array {
  const w = b.x1 - b.x0
  const dst = out ?? new Uint8Array(w * (b.y1 - b.y0))
  for (let y = b.y0, k = 0; y < b.y1; y++, k += w) {
    dst.set(src.subarray(y * width + b.x0, y * width + b.x1), k)
  }
  return dst
}

/** Inverse of copyRegion: write a compact box back into a row-major map. */
export function pasteRegion(dst: Uint8Array, width: number, b: Bbox, region: Uint8Array): void {
  const w = b.x1 - b.x0
  for (let y = b.y0, k = 0; y < b.y1; y++, k += w) {
    dst.set(region.subarray(k, k + w), y * width + b.x0)
  }
}

/** Copy a box from one full-size map to another of the same size. */
export function copyBoxBetween(src: Uint8Array, dst: Uint8Array, width: number, b: Bbox): void {
  for (let y = b.y0; y < b.y1; y++) {
    const s = y * width
    dst.set(src.subarray(s + b.x0, s + b.x1), s + b.x0)
  }
}
