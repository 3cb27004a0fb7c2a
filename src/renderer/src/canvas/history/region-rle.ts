// Run-length coding of one box of a label map, row after row as if the box were one strip.
// Undo steps keep a touched box before and after a gesture in this form: a brush stroke's box
// is mostly a few long runs, so a 1024² box costs kilobytes, not a megabyte.
// Layout: repeated (varint run length, u8 value); the box itself is stored beside it.

import type { Bbox } from '../bbox'

export function encodeRegionRle(labels: Uint8Array, width: number, box: Bbox): Uint8Array {
  let out = new Uint8Array(256)
  let n = 0
  const ensure = (k: number) => {
    if (n + k <= out.length) return
    const bigger = new Uint8Array(Math.max(out.length * 2, n + k))
    bigger.set(out.subarray(0, n))
    out = bigger
  }
  let value = -1
  let run = 0
  const flush = () => {
    ensure(6)
    let r = run
    while (r >= 0x80) {
      out[n++] = (r & 0x7f) | 0x80
      r >>>= 7
    }
    out[n++] = r
    out[n++] = value
  }
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * width
    for (let i = row + box.x0, end = row + box.x1; i < end; i++) {
      const v = labels[i]
      if (v === value) {
        run++
      } else {
        if (run > 0) flush()
        value = v
        run = 1
      }
    }
  }
  if (run > 0) flush()
  // Trim to size: the history's memory figure counts what is really held.
  return out.slice(0, n)
}

export function decodeRegionRle(rle: Uint8Array, labels: Uint8Array, width: number, box: Bbox): void {
  const w = box.x1 - box.x0
  const total = w * (box.y1 - box.y0)
  let pos = 0
  let at = 0
  while (pos < rle.length) {
    let run = 0
    let shift = 0
    for (;;) {
      const b = rle[pos++]
      run += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) break
      shift += 7
    }
    const value = rle[pos++]
    if (at + run > total) throw new Error(`undo step RLE covers more than its ${w}×${box.y1 - box.y0} box`)
    // Write the run, splitting it at box row ends.
    let left = run
    while (left > 0) {
      const bx = at % w
      const by = (at - bx) / w
      const take = Math.min(left, w - bx)
      const start = (box.y0 + by) * width + box.x0 + bx
      labels.fill(value, start, start + take)
      at += take
      left -= take
    }
  }
  if (at !== total) throw new Error(`undo step RLE covers ${at} of ${total} pixels of its box`)
}
