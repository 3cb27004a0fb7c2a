import { describe, expect, it } from 'vitest'
import { PolygonTool } from './polygon'
import type { ToolContext } from './tool-types'

const W = 40
const H = 30
function ctx(over: Partial<ToolContext> = {}): ToolContext {
  return { labels: new Uint8Array(W * H), image: new Float32Array(W * H), width: W, height: H, classValue: 2, brushSize: 1, intensityRange: null, tolerance: 0, ...over }
}
const p = (x: number, y: number, erase = false) => ({ x, y, erase, closeRadius: 2 })
const count = (a: Uint8Array) => a.reduce((n, v) => n + (v ? 1 : 0), 0)

function click(tool: PolygonTool, c: ToolContext, x: number, y: number) {
  const d = tool.pointerDown(c, p(x, y))
  if (d.commit) return d
  return tool.pointerUp(p(x, y))
}

describe('PolygonTool', () => {
  it('click vertices, click the first one again: fills exactly the pixels whose centres are inside', () => {
    const c = ctx()
    const tool = new PolygonTool()
    click(tool, c, 10, 5)
    expect(tool.state).toBe('drawing')
    click(tool, c, 20, 5)
    click(tool, c, 20, 15)
    click(tool, c, 10, 15)
    expect(count(c.labels)).toBe(0) // nothing painted before the outline closes
    const done = click(tool, c, 10.5, 5.5)
    expect(tool.state).toBe('idle')
    expect(done.commit!.bbox).toEqual({ x0: 10, y0: 5, x1: 20, y1: 15 })
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      expect(c.labels[y * W + x]).toBe(x >= 10 && x < 20 && y >= 5 && y < 15 ? 2 : 0)
    }
  })

  it('a dragged lasso closes on release; a triangle fills its inside', () => {
    const c = ctx()
    const tool = new PolygonTool()
    tool.pointerDown(c, p(5, 5))
    for (let t = 0; t <= 1; t += 0.05) tool.pointerMove(p(5 + 20 * t, 5))
    for (let t = 0; t <= 1; t += 0.05) tool.pointerMove(p(25 - 20 * t, 5 + 20 * t))
    const up = tool.pointerUp(p(5, 25))
    expect(up.commit).toBeDefined()
    // Right triangle with legs 20: area 200 px ± edge pixels.
    expect(Math.abs(count(c.labels) - 200)).toBeLessThan(25)
    expect(c.labels[10 * W + 8]).toBe(2)
    expect(c.labels[20 * W + 20]).toBe(0)
  })

  it('close() fills; Escape drops the outline and changes nothing', () => {
    const c = ctx()
    const tool = new PolygonTool()
    click(tool, c, 1, 1)
    click(tool, c, 8, 1)
    click(tool, c, 8, 8)
    expect(tool.cancel()).toBeNull()
    expect(tool.state).toBe('idle')
    expect(count(c.labels)).toBe(0)
    click(tool, c, 1, 1)
    click(tool, c, 8, 1)
    click(tool, c, 8, 8)
    click(tool, c, 1, 8)
    const done = tool.close()
    expect(done.commit).toBeDefined()
    expect(count(c.labels)).toBe(49)
  })

  it('intensity range limits the fill; erase flag clears', () => {
    const image = new Float32Array(W * H)
    for (let i = 0; i < image.length; i++) image[i] = i % W < 15 ? 10 : 90
    const c = ctx({ image, intensityRange: { low: 0, high: 50 } })
    const tool = new PolygonTool()
    for (const [x, y] of [[10, 10], [20, 10], [20, 20], [10, 20]]) click(tool, c, x, y)
    tool.close()
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      expect(c.labels[y * W + x]).toBe(x >= 10 && x < 15 && y >= 10 && y < 20 ? 2 : 0)
    }
    tool.pointerDown(c, p(0, 0, true))
    tool.pointerUp(p(0, 0, true))
    for (const [x, y] of [[40, 0], [40, 30], [0, 30]]) click(tool, c, x, y)
    tool.close()
    expect(count(c.labels)).toBe(0)
  })
})
