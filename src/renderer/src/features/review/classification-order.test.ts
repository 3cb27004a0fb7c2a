import { describe, expect, it } from 'vitest'
import { operatingPoint, sortItems, type ClsItem } from './classification-order'

const item = (imageId: number, prob: number, actual: number | null): ClsItem => {
  const predicted = prob >= 0.5 ? 1 : 0
  return { imageId, name: `img${imageId}`, actual, predicted, prob, disagrees: actual !== null && actual !== predicted }
}

describe('classification review order', () => {
  const items = [item(1, 0.55, 1), item(2, 0.95, 0), item(3, 0.6, 0), item(4, 0.1, null), item(5, 0.02, 0)]

  it('puts confident disagreements first, then unlabelled, then agreements', () => {
    expect(sortItems(items, 'disagree', 0.5).map((i) => i.imageId)).toEqual([2, 3, 4, 5, 1])
  })

  it('sorts by confidence either way', () => {
    expect(sortItems(items, 'confident', 0.5).map((i) => i.imageId)).toEqual([5, 2, 4, 3, 1])
    expect(sortItems(items, 'uncertain', 0.5).map((i) => i.imageId)).toEqual([1, 3, 4, 2, 5])
  })

  it('finds the ROC point nearest the threshold', () => {
    const roc = [{ fpr: 0, tpr: 0, threshold: Infinity }, { fpr: 0.1, tpr: 0.6, threshold: 0.8 }, { fpr: 0.3, tpr: 0.9, threshold: 0.45 }, { fpr: 1, tpr: 1, threshold: 0 }]
    expect(operatingPoint(roc, 0.5)).toEqual({ fpr: 0.3, tpr: 0.9 })
    expect(operatingPoint([], 0.5)).toBeNull()
  })
})
