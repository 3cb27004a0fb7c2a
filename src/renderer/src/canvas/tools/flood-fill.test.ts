import { describe, expect, it } from 'vitest'
import { FloodFillTool } from './flood-fill'
import type { ToolContext } from './tool-types'

const W = 50
const H = 40
function ctx(image: Float32Array, over: Partial<ToolContext> = {}): ToolContext {
  return { labels: new Uint8Array(W * H), image, width: W, height: H, classValue: 4, brushSize: 1, intensityRange: null, tolerance: 0, ...over }
}

/** A ring of value 100 (radius 10..13) on a background of 0, with noise ±3 inside the disc. */
function ringImage(): Float32Array {
  const img = new Float32Array(W * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const r = Math.hypot(x - 25, y - 20)
    img[y * W + x] = r >= 10 && r < 13 ? 100 : r < 10 ? 50 + ((x * 7 + y * 3) % 7) - 3 : 0
  }
  return img
}

describe('FloodFillTool', () => {
  it('fills the 4-connected region within tolerance of the seed, not across the ring', () => {
    const img = ringImage()
    const c = ctx(img, { tolerance: 5 })
    const tool = new FloodFillTool()
    const up = tool.pointerDown(c, { x: 25.5, y: 20.5, erase: false })
    expect(up.commit).toBeDefined()
    expect(tool.state).toBe('idle')
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      const r = Math.hypot(x - 25, y - 20)
      expect(c.labels[y * W + x], `${x},${y}`).toBe(r < 10 ? 4 : 0)
    }
  })

  it('tolerance too small stops at the noise; 0 tolerance fills only equal values', () => {
    const img = ringImage()
    const c = ctx(img, { tolerance: 0 })
    new FloodFillTool().pointerDown(c, { x: 25.5, y: 20.5, erase: false })
    const filled = c.labels.reduce((n, v) => n + (v ? 1 : 0), 0)
    const inside = [...Array(W * H).keys()].filter((i) => Math.hypot((i % W) - 25, Math.floor(i / W) - 20) < 10).length
    expect(filled).toBeGreaterThan(0)
    expect(filled).toBeLessThan(inside)
    for (let i = 0; i < img.length; i++) if (c.labels[i]) expect(img[i]).toBe(img[20 * W + 25])
  })

  it('4-connected: does not leak through a diagonal gap', () => {
    const img = new Float32Array(W * H).fill(1)
    // A wall of 0 along the diagonal x = y; the two halves touch only at corners.
    for (let k = 0; k < Math.min(W, H); k++) img[k * W + k] = 0
    for (let y = H; y < H; y++) void y
    const c = ctx(img, { tolerance: 0 })
    new FloodFillTool().pointerDown(c, { x: 5.5, y: 1.5, erase: false })
    expect(c.labels[1 * W + 5]).toBe(4)
    expect(c.labels[5 * W + 1]).toBe(0)
  })

  it('a whole 1024² image fills without recursion', () => {
    const n = 1024
    const img = new Float32Array(n * n)
    const c = { labels: new Uint8Array(n * n), image: img, width: n, height: n, classValue: 1, brushSize: 1, intensityRange: null, tolerance: 0 }
    const up = new FloodFillTool().pointerDown(c, { x: 3, y: 3, erase: false })
    expect(up.commit!.bbox).toEqual({ x0: 0, y0: 0, x1: n, y1: n })
    expect(c.labels.every((v) => v === 1)).toBe(true)
  })
})
