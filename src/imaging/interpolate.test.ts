import { describe, expect, it } from 'vitest'
import { interpolateSlices, signedDistance } from './interpolate'

const W = 80
const H = 80

function disc(r: number, cx = 40, cy = 40, value = 1): Uint8Array {
  const m = new Uint8Array(W * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) m[y * W + x] = value
  return m
}
const area = (m: Uint8Array, v = 1) => m.reduce((n, x) => n + (x === v ? 1 : 0), 0)

describe('interpolateSlices (shape-based)', () => {
  it('two concentric discs of radius 10 and 20: the middle slice is a disc of radius ~15', () => {
    const [mid] = interpolateSlices(disc(10), disc(20), W, H, 1)
    const r = Math.sqrt(area(mid) / Math.PI)
    expect(r).toBeGreaterThan(14)
    expect(r).toBeLessThan(16)
    // And it is a disc: every pixel matches a radius-15 disc except a one-pixel rim.
    const ref = disc(15)
    let diff = 0
    for (let i = 0; i < mid.length; i++) if (mid[i] !== ref[i]) diff++
    expect(diff).toBeLessThan(2 * Math.PI * 15 * 0.5)
  })

  it('several in-between slices grow monotonically from the first key to the second', () => {
    const slices = interpolateSlices(disc(8), disc(24), W, H, 3)
    const radii = slices.map((m) => Math.sqrt(area(m) / Math.PI))
    expect(radii[0]).toBeGreaterThan(8)
    expect(radii[0]).toBeLessThan(radii[1])
    expect(radii[1]).toBeLessThan(radii[2])
    expect(radii[2]).toBeLessThan(24)
    expect(Math.abs(radii[1] - 16)).toBeLessThan(1)
  })

  it('identical key slices give the same mask back, for every class', () => {
    const m = disc(12, 30, 30, 1)
    const other = disc(9, 60, 55, 3)
    for (let i = 0; i < m.length; i++) if (other[i]) m[i] = 3
    for (const s of interpolateSlices(m, m, W, H, 4)) expect(Buffer.compare(s, m)).toBe(0)
  })

  it('a shifted disc moves between the keys; a class missing from one key shrinks away', () => {
    const [mid] = interpolateSlices(disc(10, 34, 40), disc(10, 46, 40), W, H, 1)
    let sx = 0
    let n = 0
    mid.forEach((v, i) => {
      if (v) {
        sx += (i % W) + 0.5
        n++
      }
    })
    expect(Math.abs(sx / n - 40)).toBeLessThan(0.5)
    const fading = interpolateSlices(disc(20), new Uint8Array(W * H), W, H, 3)
    expect(area(fading[0])).toBeLessThan(area(disc(20)))
    expect(area(fading[2])).toBeLessThanOrEqual(area(fading[0]))
  })

  it('signed distance is positive inside and negative outside, half a pixel at the edge', () => {
    const sd = signedDistance(disc(5), W, H, 1)
    expect(sd[40 * W + 40]).toBeGreaterThan(3.5)
    expect(sd[40 * W + 40]).toBeLessThan(4.5)
    expect(sd[0]).toBeLessThan(-40)
    expect(() => interpolateSlices(new Uint8Array(3), new Uint8Array(W * H), W, H, 1)).toThrow(/pixels/)
  })
})
