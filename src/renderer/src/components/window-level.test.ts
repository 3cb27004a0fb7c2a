import { describe, expect, it } from 'vitest'
import { dragWindow, greyOf, percentileWindow, presetsFor, renderWindowed } from './window-level'

const greyAt = (out: Uint8ClampedArray, i: number) => out[4 * i]

describe('window/level rendering', () => {
  it('maps centre − width/2 to black and centre + width/2 to white, clamped', () => {
    const w = { center: 100, width: 100 }
    expect(greyOf(50, w)).toBe(0)
    expect(greyOf(150, w)).toBe(255)
    expect(greyOf(100, w)).toBe(128)
    expect(greyOf(-1000, w)).toBe(0)
    expect(greyOf(1e9, w)).toBe(255)
    expect(greyOf(Number.NaN, w)).toBe(0)
  })

  it('renders integer images through the lookup table exactly as the formula', () => {
    const data = new Int16Array([-1024, -600, 0, 40, 80, 3000])
    const out = new Uint8ClampedArray(data.length * 4)
    const w = { center: 40, width: 80 }
    renderWindowed(data, -1024, 3000, w, out)
    for (let i = 0; i < data.length; i++) {
      expect(greyAt(out, i)).toBe(greyOf(data[i], w))
      expect(out[4 * i + 3]).toBe(255)
      expect(out[4 * i + 1]).toBe(out[4 * i])
    }
  })

  it('renders float images directly', () => {
    const data = new Float32Array([0, 0.25, 0.5, 1])
    const out = new Uint8ClampedArray(16)
    renderWindowed(data, 0, 1, { center: 0.5, width: 1 }, out)
    expect([0, 1, 2, 3].map((i) => greyAt(out, i))).toEqual([0, 64, 128, 255])
  })
})

describe('automatic window', () => {
  it('ignores a few hot pixels', () => {
    const data = new Uint16Array(10000)
    for (let i = 0; i < data.length; i++) data[i] = 1000 + (i % 1000)
    data[0] = 65535
    data[1] = 65535
    const w = percentileWindow(data, 1000, 65535)
    expect(w.center - w.width / 2).toBeLessThan(1100)
    expect(w.center + w.width / 2).toBeLessThan(2100)
    expect(w.center + w.width / 2).toBeGreaterThan(1900)
  })

  it('gives a constant image a unit width', () => {
    expect(percentileWindow(new Uint8Array(10).fill(7), 7, 7)).toEqual({ center: 7, width: 1 })
  })
})

describe('dragging and presets', () => {
  it('widens to the right and brightens upwards, never below a minimum width', () => {
    const w = dragWindow({ center: 100, width: 50 }, 100, -50, 500)
    expect(w.width).toBe(150)
    expect(w.center).toBe(150)
    expect(dragWindow({ center: 0, width: 10 }, -10000, 0, 500).width).toBeGreaterThan(0)
  })

  it('offers CT windows only for Hounsfield-like ranges', () => {
    expect(presetsFor(0, null).some((p) => p.key === 'lung')).toBe(false)
    expect(presetsFor(-1024, { center: 40, width: 400 }).map((p) => p.key)).toEqual(expect.arrayContaining(['lung', 'stored']))
  })
})
