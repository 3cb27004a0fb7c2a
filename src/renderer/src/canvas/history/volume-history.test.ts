import { describe, expect, it } from 'vitest'
import { fillBetweenSlices } from '../fill-between-slices'
import { VolumeHistory } from './volume-history'

const W = 48
const H = 40
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0

function disc(r: number): Uint8Array {
  const m = new Uint8Array(W * H)
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x + 0.5 - 24, y + 0.5 - 20) <= r) m[y * W + x] = 1
  return m
}

describe('VolumeHistory + fillBetweenSlices', () => {
  it('fill between slices is one undoable step across all the slices it filled', () => {
    const slices: Uint8Array[] = Array.from({ length: 6 }, () => new Uint8Array(W * H))
    slices[0] = disc(6)
    slices[5] = disc(16)
    const history = new VolumeHistory(W, H)
    const original = slices.map((s) => s.slice())
    const touched = fillBetweenSlices((i) => slices[i], 0, 5, W, H, history)
    expect(touched.map((t) => t.slice)).toEqual([1, 2, 3, 4])
    expect(history.undoDepth).toBe(1)
    const areas = slices.map((s) => s.reduce((n, v) => n + v, 0))
    for (let k = 1; k < 6; k++) expect(areas[k]).toBeGreaterThan(areas[k - 1])
    const filled = slices.map((s) => s.slice())
    const undone = history.undo((i) => slices[i])!
    expect(undone.map((t) => t.slice)).toEqual([1, 2, 3, 4])
    slices.forEach((s, i) => expect(same(s, original[i])).toBe(true))
    history.redo((i) => slices[i])
    slices.forEach((s, i) => expect(same(s, filled[i])).toBe(true))
  })

  it('merge mode keeps existing labels; adjacent keys fill nothing', () => {
    const slices: Uint8Array[] = [disc(5), new Uint8Array(W * H), disc(5)]
    slices[1][0] = 3
    fillBetweenSlices((i) => slices[i], 0, 2, W, H, undefined, { mode: 'merge' })
    expect(slices[1][0]).toBe(3)
    expect(slices[1][20 * W + 24]).toBe(1)
    expect(fillBetweenSlices((i) => slices[i], 0, 1, W, H)).toEqual([])
  })

  it('the per-slice view records edits of the shown slice and reports undo on other slices', () => {
    const slices = [new Uint8Array(W * H), new Uint8Array(W * H)]
    const history = new VolumeHistory(W, H)
    const onOther: number[] = []
    const view0 = history.forSlice(0, (i) => slices[i], (t) => onOther.push(...t.map((x) => x.slice)))
    const before = slices[0].slice()
    slices[0].fill(2, 10, 20)
    view0.record(before, slices[0], { x0: 10, y0: 0, x1: 20, y1: 1 })
    const view1 = history.forSlice(1, (i) => slices[i], (t) => onOther.push(...t.map((x) => x.slice)))
    // Undo from slice 1 undoes the edit on slice 0: no box for the shown slice, slice 0 reported.
    expect(view1.undo(slices[1])).toBeNull()
    expect(onOther).toEqual([0])
    expect(slices[0].every((v) => v === 0)).toBe(true)
    expect(view0.redo(slices[0])).toEqual({ x0: 10, y0: 0, x1: 20, y1: 1 })
    expect(slices[0][15]).toBe(2)
    expect(view0.memoryBytes()).toBeGreaterThan(0)
  })
})
