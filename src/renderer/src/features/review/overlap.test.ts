import { describe, expect, it } from 'vitest'
import { overlapScores } from '../../../../main/services/review'
import { AGREE_FN, AGREE_FP, AGREE_NONE, AGREE_TP, agreementMap, overlapCounts, packRgb, paintClasses, scoresOf } from './overlap'

describe('client-side overlap', () => {
  it('gives hand-computed Dice and IoU', () => {
    // prob ≥ 128 at indices 0,1,2; truth at 1,2,3 → tp 2, fp 1, fn 1
    const prob = new Uint8Array([200, 255, 128, 10, 0, 0])
    const truth = new Uint8Array([0, 1, 2, 1, 0, 0])
    const c = overlapCounts(prob, truth, 0.5)
    expect(c).toEqual({ tp: 2, fp: 1, fn: 1 })
    expect(scoresOf(c)).toEqual({ dice: 4 / 6, iou: 2 / 4 })
  })

  it('treats two empty masks as perfect and no truth as all false positives', () => {
    expect(scoresOf(overlapCounts(new Uint8Array(4), new Uint8Array(4), 0.5))).toEqual({ dice: 1, iou: 1 })
    expect(overlapCounts(new Uint8Array([255, 0]), null, 0.5)).toEqual({ tp: 0, fp: 1, fn: 0 })
  })

  it('agrees with main’s review service at every threshold', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    const prob = Uint8Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))
    const truth = Uint8Array.from({ length: 4096 }, () => (rnd() < 0.3 ? 1 + Math.floor(rnd() * 2) : 0))
    for (const t of [0, 0.01, 0.2, 0.5, 0.77, 0.99, 1]) {
      const mine = scoresOf(overlapCounts(prob, truth, t))
      const main = overlapScores(prob, truth, t)
      expect(mine.dice).toBeCloseTo(main.dice, 12)
      expect(mine.iou).toBeCloseTo(main.iou, 12)
    }
  })

  it('classes each pixel as TP / FP / FN / none', () => {
    const m = agreementMap(new Uint8Array([255, 255, 0, 0]), new Uint8Array([1, 0, 1, 0]), 0.5)
    expect([...m]).toEqual([AGREE_TP, AGREE_FP, AGREE_FN, AGREE_NONE])
  })
})

describe('painting layers', () => {
  const square = () => {
    // 5×5 with a 3×3 block of class 1 in the middle
    const cls = new Uint8Array(25)
    for (let y = 1; y <= 3; y++) for (let x = 1; x <= 3; x++) cls[y * 5 + x] = 1
    return cls
  }

  it('fills every set pixel with its palette colour and leaves the rest transparent', () => {
    const out = new Uint32Array(25)
    paintClasses(square(), 5, 5, [0, 0xff0000], false, out)
    expect(out.filter((v) => v === packRgb(0xff0000)).length).toBe(9)
    expect(out[0]).toBe(0)
  })

  it('outline keeps only the region’s border', () => {
    const out = new Uint32Array(25)
    paintClasses(square(), 5, 5, [0, 0xff0000], true, out)
    expect(out[2 * 5 + 2]).toBe(0) // the centre is inside
    expect(out.filter((v) => v !== 0).length).toBe(8)
  })

  it('packs colours as RGBA bytes', () => {
    const px = new Uint32Array([packRgb(0x112233)])
    expect([...new Uint8Array(px.buffer)]).toEqual([0x11, 0x22, 0x33, 255])
  })
})
