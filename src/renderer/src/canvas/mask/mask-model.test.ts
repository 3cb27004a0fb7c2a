import { describe, expect, it } from 'vitest'
import { buildColorTable, paintLabelsRgba, parseColor } from './mask-model'

describe('mask painting', () => {
  it('parses class colours and rejects bad ones', () => {
    expect(parseColor('#f00')).toEqual([255, 0, 0, 255])
    expect(parseColor('#00ff0080')).toEqual([0, 255, 0, 128])
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3, 255])
    expect(() => parseColor('red')).toThrow(/colour "red"/)
    expect(() => buildColorTable([{ value: 0, color: '#fff', name: 'bg' }])).toThrow(/1\.\.255/)
  })

  it('fill paints only the dirty box with class colours; outline keeps only edge pixels', () => {
    const w = 6
    const h = 5
    const labels = new Uint8Array(w * h)
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 4; x++) labels[y * w + x] = 2
    const table = buildColorTable([{ value: 2, color: '#0000ff', name: 'b' }])
    const rgba = new Uint32Array(w * h).fill(0xdeadbeef)
    paintLabelsRgba(labels, w, h, table, 'fill', { x0: 0, y0: 0, x1: 3, y1: 5 }, rgba)
    const bytes = new Uint8Array(rgba.buffer)
    expect([...bytes.subarray(4 * (1 * w + 1), 4 * (1 * w + 1) + 4)]).toEqual([0, 0, 255, 255])
    expect(rgba[0]).toBe(0) // background transparent
    expect(rgba[1 * w + 4]).toBe(0xdeadbeef) // outside the dirty box: untouched
    rgba.fill(0)
    paintLabelsRgba(labels, w, h, table, 'outline', { x0: 0, y0: 0, x1: w, y1: h }, rgba)
    expect(rgba[2 * w + 2]).toBe(0) // interior
    expect(rgba[2 * w + 1]).toBe(table[2]) // left edge
    expect(rgba[1 * w + 2]).toBe(table[2]) // top edge
  })
})
