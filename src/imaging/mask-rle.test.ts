import { describe, expect, it } from 'vitest'
import { decodeMaskRle, encodeMaskRle, maskArea, MaskCodecError } from './mask-rle'

describe('mask RLE codec', () => {
  it('round-trips a label map with several classes and long runs', () => {
    const w = 300, h = 200
    const labels = new Uint8Array(w * h)
    for (let y = 50; y < 120; y++) labels.fill(1, y * w + 40, y * w + 260)
    labels[0] = 3
    labels[w * h - 1] = 2
    const bytes = encodeMaskRle(labels, w, h)
    expect(bytes.length).toBeLessThan(2000)
    const back = decodeMaskRle(bytes)
    expect(back.width).toBe(w)
    expect(back.height).toBe(h)
    expect(Buffer.from(back.labels).equals(Buffer.from(labels))).toBe(true)
    expect(maskArea(back.labels)).toBe(70 * 220 + 2)
  })

  it('rejects a wrong pixel count, bad magic and truncated data', () => {
    expect(() => encodeMaskRle(new Uint8Array(5), 2, 2)).toThrow(/5 pixels, expected 2×2/)
    expect(() => decodeMaskRle(new Uint8Array(16))).toThrow(MaskCodecError)
    const good = encodeMaskRle(new Uint8Array(100).fill(1), 10, 10)
    expect(() => decodeMaskRle(good.subarray(0, good.length - 1))).toThrow(/truncated/)
  })
})
