import { describe, expect, it } from 'vitest'
import { BrushTool } from '../tools/brush'
import { MaskHistory } from './mask-history'
import { decodeRegionRle, encodeRegionRle } from './region-rle'

/** Byte-exact comparison (vitest's deep equality is slow on typed arrays). */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0

describe('region RLE', () => {
  it('round-trips a box of a label map exactly, including runs longer than 127 and across rows', () => {
    const w = 300
    const h = 200
    const labels = new Uint8Array(w * h)
    for (let i = 0; i < labels.length; i++) labels[i] = (Math.floor(i / 170) % 3) * ((i * 2654435761) % 11 === 0 ? 2 : 1)
    const box = { x0: 13, y0: 7, x1: 290, y1: 180 }
    const rle = encodeRegionRle(labels, w, box)
    const out = new Uint8Array(w * h).fill(9)
    decodeRegionRle(rle, out, w, box)
    let wrong = 0
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const inBox = x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1
      if (out[y * w + x] !== (inBox ? labels[y * w + x] : 9)) wrong++
    }
    expect(wrong).toBe(0)
  })
})

describe('MaskHistory', () => {
  const W = 128
  const H = 96

  function strokeStep(labels: Uint8Array, history: MaskHistory, k: number) {
    const brush = new BrushTool()
    const c = { labels, image: new Float32Array(W * H), width: W, height: H, classValue: (k % 5) + 1, brushSize: 3 + (k % 9), intensityRange: null, tolerance: 0 }
    brush.pointerDown(c, { x: (k * 37) % W, y: (k * 53) % H, erase: k % 7 === 0 })
    brush.pointerMove({ x: (k * 91) % W, y: (k * 17) % H, erase: false })
    const up = brush.pointerUp({ x: (k * 29) % W, y: (k * 71) % H, erase: false })
    if (up.commit) history.record(up.commit.before, labels, up.commit.bbox, 'brush')
    return up.commit
  }

  it('200 strokes: undo all restores every intermediate state exactly, redo all returns to the end', () => {
    const labels = new Uint8Array(W * H)
    const history = new MaskHistory(W, H)
    const states = [labels.slice()]
    for (let k = 0; states.length < 201; k++) {
      if (strokeStep(labels, history, k)) states.push(labels.slice())
    }
    expect(history.undoDepth).toBe(200)
    for (let s = 199; s >= 0; s--) {
      const box = history.undo(labels)
      expect(box).not.toBeNull()
      expect(same(labels, states[s])).toBe(true)
    }
    expect(history.canUndo).toBe(false)
    expect(history.undo(labels)).toBeNull()
    for (let s = 1; s <= 200; s++) {
      history.redo(labels)
      expect(same(labels, states[s])).toBe(true)
    }
    expect(history.canRedo).toBe(false)
  })

  it('a new step after undo drops the redo branch', () => {
    const labels = new Uint8Array(W * H)
    const history = new MaskHistory(W, H)
    strokeStep(labels, history, 1)
    strokeStep(labels, history, 2)
    history.undo(labels)
    expect(history.canRedo).toBe(true)
    strokeStep(labels, history, 3)
    expect(history.canRedo).toBe(false)
    expect(history.undoDepth).toBe(2)
  })

  it('drops the oldest steps past the step limit and the byte cap, and reports bytes held', () => {
    const labels = new Uint8Array(W * H)
    const byCount = new MaskHistory(W, H, { maxSteps: 10 })
    for (let k = 0; k < 30; k++) strokeStep(labels, byCount, k)
    expect(byCount.undoDepth).toBe(10)

    const capped = new MaskHistory(W, H, { maxBytes: 4000 })
    const live = new Uint8Array(W * H)
    const states = [live.slice()]
    for (let k = 0; k < 60; k++) if (strokeStep(live, capped, k)) states.push(live.slice())
    expect(capped.memoryBytes()).toBeLessThanOrEqual(4000)
    expect(capped.memoryBytes()).toBeGreaterThan(0)
    const depth = capped.undoDepth
    expect(depth).toBeLessThan(states.length - 1)
    // The steps kept are the newest: undoing all of them lands on a state from the middle.
    for (let s = 0; s < depth; s++) capped.undo(live)
    expect(same(live, states[states.length - 1 - depth])).toBe(true)
    capped.clear()
    expect(capped.memoryBytes()).toBe(0)
  })

  it('200 large strokes on 1024² hold well under 50 MB', () => {
    const n = 1024
    const labels = new Uint8Array(n * n)
    const history = new MaskHistory(n, n)
    const image = new Float32Array(n * n)
    for (let k = 0; k < 200; k++) {
      const brush = new BrushTool()
      const c = { labels, image, width: n, height: n, classValue: (k % 3) + 1, brushSize: 60, intensityRange: null, tolerance: 0 }
      // Diagonal strokes across the whole image: the box is nearly the full map.
      brush.pointerDown(c, { x: 10 + k, y: 10, erase: false })
      brush.pointerMove({ x: 500, y: 520 + k, erase: false })
      const up = brush.pointerUp({ x: 1000 - k, y: 1010, erase: false })
      history.record(up.commit!.before, labels, up.commit!.bbox)
    }
    expect(history.undoDepth).toBe(200)
    const mb = history.memoryBytes() / 2 ** 20
    expect(mb).toBeLessThan(50)
  })
})
