import { describe, expect, it } from 'vitest'
import { BrushTool } from './brush'
import { createEraserTool } from './eraser'
import { discOffsets, lineAnchors, stampAnchor } from './footprint'
import type { ToolContext } from './tool-types'

const W = 64
const H = 48

function ctx(over: Partial<ToolContext> = {}): ToolContext {
  return {
    labels: new Uint8Array(W * H),
    image: new Float32Array(W * H),
    width: W,
    height: H,
    classValue: 3,
    brushSize: 5,
    intensityRange: null,
    tolerance: 0,
    ...over,
  }
}

const p = (x: number, y: number, erase = false) => ({ x, y, erase })

/** Reference: the union of disc stamps at every Bresenham anchor between samples. */
function expectedStroke(samples: [number, number][], size: number): Set<number> {
  const set = new Set<number>()
  const disc = discOffsets(size)
  const stamp = (ax: number, ay: number) => {
    for (const [dx, dy] of disc) {
      const x = ax + dx
      const y = ay + dy
      if (x >= 0 && y >= 0 && x < W && y < H) set.add(y * W + x)
    }
  }
  let [lx, ly] = stampAnchor(samples[0][0], samples[0][1], size)
  stamp(lx, ly)
  for (const [sx, sy] of samples.slice(1)) {
    const [ax, ay] = stampAnchor(sx, sy, size)
    const pts = lineAnchors(lx, ly, ax, ay)
    for (let k = 0; k < pts.length; k += 2) stamp(pts[k], pts[k + 1])
    lx = ax
    ly = ay
  }
  return set
}

function setPixels(labels: Uint8Array): Set<number> {
  const s = new Set<number>()
  labels.forEach((v, i) => v && s.add(i))
  return s
}

describe('disc footprint', () => {
  it('size 1 is one pixel, size 2 a 2×2 block, size 3 a full 3×3, size 5 a disc of 21', () => {
    expect(discOffsets(1)).toEqual([[0, 0]])
    expect(discOffsets(2).length).toBe(4)
    expect(discOffsets(3).length).toBe(9)
    expect(discOffsets(5).length).toBe(21)
    // Symmetric about its centre.
    const d = discOffsets(7).map(([x, y]) => `${x},${y}`)
    for (const s of d) {
      const [x, y] = s.split(',').map(Number)
      expect(d).toContain(`${-x},${-y}`)
    }
  })
  it('interpolates a fast jump with no gaps (8-connected anchors)', () => {
    const pts = lineAnchors(0, 0, 10, 3)
    expect(pts.slice(-2)).toEqual([10, 3])
    expect(pts.length / 2).toBe(10)
  })
})

describe('BrushTool', () => {
  it('a stroke sets exactly the disc stamps along the path, commits once, nothing else', () => {
    const c = ctx()
    const brush = new BrushTool()
    const samples: [number, number][] = [[10.2, 10.7], [30.9, 14.1], [31.5, 40.2]]
    expect(brush.state).toBe('idle')
    const d0 = brush.pointerDown(c, p(...samples[0]))
    expect(brush.state).toBe('drawing')
    expect(d0.commit).toBeUndefined()
    expect(brush.pointerMove(p(...samples[1])).commit).toBeUndefined()
    const up = brush.pointerUp(p(...samples[2]))
    expect(brush.state).toBe('idle')
    const want = expectedStroke(samples, 5)
    expect(setPixels(c.labels)).toEqual(want)
    for (const i of want) expect(c.labels[i]).toBe(3)
    // The commit box is the tight box of the changed pixels, and `before` is the pre-stroke map.
    const xs = [...want].map((i) => i % W)
    const ys = [...want].map((i) => Math.floor(i / W))
    expect(up.commit!.bbox).toEqual({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs) + 1, y1: Math.max(...ys) + 1 })
    expect(up.commit!.before.every((v) => v === 0)).toBe(true)
  })

  it('clips at the image edge', () => {
    const c = ctx({ brushSize: 9 })
    const brush = new BrushTool()
    brush.pointerDown(c, p(0.5, 0.5))
    const up = brush.pointerUp(p(0.5, 0.5))
    expect(up.commit!.bbox).toEqual({ x0: 0, y0: 0, x1: 5, y1: 5 })
  })

  it('right button / modifier (erase flag) erases with the brush; eraser tool erases any class', () => {
    const c = ctx({ brushSize: 3 })
    c.labels.fill(7)
    const brush = new BrushTool()
    brush.pointerDown(c, p(5.5, 5.5, true))
    brush.pointerUp(p(5.5, 5.5, true))
    expect(c.labels[5 * W + 5]).toBe(0)
    expect(c.labels[5 * W + 7]).toBe(7)
    const eraser = createEraserTool()
    eraser.pointerDown(c, p(20.5, 20.5))
    const up = eraser.pointerUp(p(24.5, 20.5))
    expect(up.commit).toBeDefined()
    const cleared = expectedStroke([[20.5, 20.5], [24.5, 20.5]], 3)
    c.labels.forEach((v, i) => {
      if (cleared.has(i) || (i % W >= 4 && i % W <= 6 && Math.floor(i / W) >= 4 && Math.floor(i / W) <= 6)) expect(v).toBe(0)
      else expect(v).toBe(7)
    })
  })

  it('Escape restores every pixel the stroke touched', () => {
    const c = ctx({ brushSize: 4 })
    for (let i = 0; i < c.labels.length; i += 7) c.labels[i] = 2
    const original = c.labels.slice()
    const brush = new BrushTool()
    brush.pointerDown(c, p(5, 5))
    brush.pointerMove(p(40, 30))
    expect(c.labels).not.toEqual(original)
    const box = brush.cancel()
    expect(box).not.toBeNull()
    expect(brush.state).toBe('idle')
    expect(c.labels).toEqual(original)
    // After a cancel, pointer-up does nothing.
    expect(brush.pointerUp(p(40, 30)).commit).toBeUndefined()
  })

  it('a stroke over pixels already of the class changes nothing and records no step', () => {
    const c = ctx()
    c.labels.fill(3)
    const brush = new BrushTool()
    brush.pointerDown(c, p(10, 10))
    expect(brush.pointerUp(p(20, 10)).commit).toBeUndefined()
  })

  it('intensity range: paints only pixels whose value lies in [low, high]', () => {
    // Synthetic two-intensity image: left half 100, right half 200.
    const image = new Float32Array(W * H)
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) image[y * W + x] = x < 32 ? 100 : 200
    const c = ctx({ image, brushSize: 11, intensityRange: { low: 150, high: 250 } })
    const brush = new BrushTool()
    brush.pointerDown(c, p(25.5, 20.5))
    brush.pointerUp(p(38.5, 20.5))
    const stroke = expectedStroke([[25.5, 20.5], [38.5, 20.5]], 11)
    for (let i = 0; i < c.labels.length; i++) {
      const want = stroke.has(i) && i % W >= 32 ? 3 : 0
      expect(c.labels[i], `pixel ${i % W},${Math.floor(i / W)}`).toBe(want)
    }
    expect(stroke.size).toBeGreaterThan(setPixels(c.labels).size)
  })
})
