import { describe, expect, it } from 'vitest'
import {
  accuracy,
  binaryCounts,
  binaryEntropy,
  confusionMatrix,
  dice,
  diceForLabel,
  f1,
  iou,
  macroScores,
  meanBinaryEntropy,
  precision,
  rocAuc,
  rocCurve,
  sensitivity,
  specificity,
  trapezoidArea,
} from '.'

describe('dice and iou', () => {
  // 4×4 masks: truth has 4 pixels, prediction 6, overlap 3.
  const truth = Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  const pred = Uint8Array.from([0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0])
  it('match hand-computed values', () => {
    expect(dice(pred, truth)).toBeCloseTo((2 * 3) / (6 + 4), 12)
    expect(iou(pred, truth)).toBeCloseTo(3 / 7, 12)
  })
  it('empty vs empty is 1, empty vs something is 0', () => {
    const empty = new Uint8Array(16)
    expect(dice(empty, empty)).toBe(1)
    expect(iou(empty, empty)).toBe(1)
    expect(dice(empty, truth)).toBe(0)
    expect(iou(pred, empty)).toBe(0)
  })
  it('thresholds probability maps', () => {
    const probs = Float32Array.from([0.2, 0.9, 0.6, 0.4])
    const t = Uint8Array.from([0, 1, 1, 1])
    expect(dice(probs, t, 0.5)).toBeCloseTo((2 * 2) / (2 + 3), 12)
    expect(iou(probs, t, 0.5)).toBeCloseTo(2 / 3, 12)
  })
  it('per label for multi-class maps, and rejects size mismatch', () => {
    const a = Uint8Array.from([1, 1, 2, 2, 0])
    const b = Uint8Array.from([1, 2, 2, 2, 0])
    expect(diceForLabel(a, b, 1)).toBeCloseTo(2 / 3, 12)
    expect(diceForLabel(a, b, 2)).toBeCloseTo(4 / 5, 12)
    expect(() => dice(a, new Uint8Array(3))).toThrow(/differ in size/)
  })
})

describe('classification metrics', () => {
  // truth: 5 positives, 5 negatives; pred gets 4 TP, 1 FN, 2 FP, 3 TN.
  const truth = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
  const pred = [1, 1, 1, 1, 0, 1, 1, 0, 0, 0]
  it('counts and rates', () => {
    const c = binaryCounts(truth, pred)
    expect(c).toEqual({ tp: 4, fn: 1, fp: 2, tn: 3 })
    expect(accuracy(truth, pred)).toBeCloseTo(0.7, 12)
    expect(sensitivity(c)).toBeCloseTo(0.8, 12)
    expect(specificity(c)).toBeCloseTo(0.6, 12)
    expect(precision(c)).toBeCloseTo(4 / 6, 12)
    expect(f1(c)).toBeCloseTo(8 / 11, 12)
  })
  it('confusion matrix rows are truth, columns prediction', () => {
    expect(confusionMatrix(truth, pred, 2)).toEqual([
      [3, 2],
      [1, 4],
    ])
    expect(confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], 3)).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
    ])
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/out of range/)
  })
  it('macro scores average one-vs-rest', () => {
    const m = macroScores([
      [3, 2],
      [1, 4],
    ])
    // class 1 sens 0.8, class 0 sens 0.6 → 0.7
    expect(m.sensitivity).toBeCloseTo(0.7, 12)
    expect(m.specificity).toBeCloseTo(0.7, 12)
  })
  it('undefined rates are NaN, not 0', () => {
    const c = binaryCounts([0, 0], [0, 0])
    expect(Number.isNaN(sensitivity(c))).toBe(true)
    expect(specificity(c)).toBe(1)
  })
})

describe('ROC', () => {
  it('AUC of known scores, with ties counting one half', () => {
    // Positives 0.9, 0.8, 0.4; negatives 0.7, 0.4, 0.1.
    // Pairs (pos > neg): 0.9 beats 3, 0.8 beats 3, 0.4 beats 0.1 and ties 0.4 → 1 + 0.5 → total 7.5 / 9.
    const scores = [0.9, 0.8, 0.4, 0.7, 0.4, 0.1]
    const labels = [1, 1, 1, 0, 0, 0]
    expect(rocAuc(scores, labels)).toBeCloseTo(7.5 / 9, 12)
    expect(trapezoidArea(rocCurve(scores, labels))).toBeCloseTo(7.5 / 9, 12)
  })
  it('perfect, inverted, all tied and one-class cases', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1)
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0)
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5)
    expect(Number.isNaN(rocAuc([0.1, 0.2], [1, 1]))).toBe(true)
  })
  it('curve runs from (0,0) to (1,1) with one point per distinct score', () => {
    const pts = rocCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])
    expect(pts.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 1],
      [1, 1],
    ])
  })
})

describe('uncertainty', () => {
  it('binary entropy in bits', () => {
    expect(binaryEntropy(0.5)).toBe(1)
    expect(binaryEntropy(0)).toBe(0)
    expect(binaryEntropy(1)).toBe(0)
    expect(binaryEntropy(0.25)).toBeCloseTo(0.8112781244591328, 12)
  })
  it('mean over a uint8 probability map matches the float version', () => {
    const map = Uint8Array.from([0, 255, 128, 64])
    const floats = Array.from(map, (v) => v / 255)
    expect(meanBinaryEntropy(map, 255)).toBeCloseTo(meanBinaryEntropy(floats), 12)
    expect(meanBinaryEntropy(Uint8Array.from([0, 255]), 255)).toBe(0)
  })
})
