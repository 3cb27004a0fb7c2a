import { describe, expect, it } from 'vitest'
import { formatReadout } from './pixel-readout'
import { pointerIntent } from './pointer-intent'
import { fitView, imageToScreen, oneToOneView, screenToImage, zoomAt } from './view-transform'
import { applyGreyLut, buildGreyLut, dragWindow, imageRange, percentileWindow, windowToGrey } from './window-level'

const grey = (rgba: Uint32Array, i: number) => new Uint8Array(rgba.buffer)[4 * i]

describe('window/level', () => {
  it('maps through the LUT exactly as the documented formula for integer images', () => {
    const pixels = Float32Array.from({ length: 4096 }, (_, i) => i - 1024) // CT-like −1024..3071
    const w = { center: 40, width: 400 }
    const rgba = new Uint32Array(pixels.length)
    applyGreyLut(pixels, buildGreyLut(imageRange(pixels), w), rgba)
    for (let i = 0; i < pixels.length; i += 7) expect(grey(rgba, i)).toBe(windowToGrey(pixels[i], w))
    expect(grey(rgba, 0)).toBe(0)
    expect(grey(rgba, 4095)).toBe(255)
    expect(windowToGrey(40, w)).toBe(128)
    expect(new Uint8Array(rgba.buffer)[3]).toBe(255)
  })

  it('float images use 4096 bins: within one grey level of the formula', () => {
    const pixels = Float32Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 3.7)
    const w = { center: 0.3, width: 2.5 }
    const rgba = new Uint32Array(pixels.length)
    applyGreyLut(pixels, buildGreyLut(imageRange(pixels), w), rgba)
    for (let i = 0; i < pixels.length; i++) expect(Math.abs(grey(rgba, i) - windowToGrey(pixels[i], w))).toBeLessThanOrEqual(1)
  })

  it('percentile window ignores outliers; right-drag widens and moves the level', () => {
    const pixels = new Float32Array(10000)
    for (let i = 0; i < pixels.length; i++) pixels[i] = i % 100
    pixels[0] = 1e6
    const w = percentileWindow(pixels, 1, 99)
    expect(w.center).toBeGreaterThan(40)
    expect(w.center).toBeLessThan(60)
    expect(w.width).toBeLessThan(200)
    const d = dragWindow({ center: 100, width: 200 }, 10, -20, 512)
    expect(d.width).toBe(210)
    expect(d.center).toBe(120)
  })
})

describe('view transform', () => {
  it('screen ↔ image round trip; zoom keeps the point under the cursor fixed', () => {
    const v = { scale: 2, offsetX: 10, offsetY: -5 }
    const p = screenToImage(v, 50, 60)
    expect(imageToScreen(v, p.x, p.y)).toEqual({ x: 50, y: 60 })
    const z = zoomAt(v, 1.5, 50, 60)
    const q = screenToImage(z, 50, 60)
    expect(q.x).toBeCloseTo(p.x)
    expect(q.y).toBeCloseTo(p.y)
    expect(z.scale).toBe(3)
  })
  it('fit shows the whole image centred; 1:1 is scale 1', () => {
    const f = fitView(1000, 500, 816, 616, 8)
    expect(f.scale).toBeCloseTo(0.8)
    expect(f.offsetX).toBe(8)
    expect(f.offsetY).toBe(108)
    expect(oneToOneView(100, 100, 300, 200)).toEqual({ scale: 1, offsetX: 100, offsetY: 50 })
  })
})

describe('pointer intent (documented mouse map)', () => {
  const press = (button: number, mods: Partial<{ shift: boolean; ctrl: boolean; alt: boolean; spaceHeld: boolean }> = {}) => ({
    button,
    shift: false,
    ctrl: false,
    alt: false,
    spaceHeld: false,
    ...mods,
  })
  it('right button erases with the brush, otherwise window/level; Ctrl/Alt+right always W/L', () => {
    expect(pointerIntent(press(2), 'brush', false)).toEqual({ kind: 'tool', erase: true })
    expect(pointerIntent(press(2, { ctrl: true }), 'brush', false)).toEqual({ kind: 'windowLevel' })
    expect(pointerIntent(press(2, { alt: true }), 'eraser', false)).toEqual({ kind: 'windowLevel' })
    expect(pointerIntent(press(2), 'polygon', false)).toEqual({ kind: 'windowLevel' })
    expect(pointerIntent(press(2), 'brush', true)).toEqual({ kind: 'windowLevel' })
  })
  it('middle and space+left pan; shift+left erases; read-only left pans', () => {
    expect(pointerIntent(press(1), 'brush', false)).toEqual({ kind: 'pan' })
    expect(pointerIntent(press(0, { spaceHeld: true }), 'brush', false)).toEqual({ kind: 'pan' })
    expect(pointerIntent(press(0, { shift: true }), 'brush', false)).toEqual({ kind: 'tool', erase: true })
    expect(pointerIntent(press(0), 'eraser', false)).toEqual({ kind: 'tool', erase: true })
    expect(pointerIntent(press(0), 'fill', false)).toEqual({ kind: 'tool', erase: false })
    expect(pointerIntent(press(0), 'brush', true)).toEqual({ kind: 'pan' })
    expect(pointerIntent(press(0), 'windowLevel', false)).toEqual({ kind: 'windowLevel' })
  })
})

describe('pixel readout', () => {
  it('formats position and value, empty outside the image', () => {
    const px = Float32Array.from([1, 2.5, 3, 1234.5678])
    expect(formatReadout(1.7, 0.2, 2, 2, px)).toBe('x 1  y 0  value 2.500')
    expect(formatReadout(1.2, 1.9, 2, 2, px)).toBe('x 1  y 1  value 1234.6')
    expect(formatReadout(-0.1, 0, 2, 2, px)).toBe('')
  })
})
