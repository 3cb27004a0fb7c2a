// Orders for the classification review's image list. Pure, unit-tested.
import type { ClassificationReview } from '../../../../shared/views'

export type ClsItem = ClassificationReview['items'][number]
export type ClsSort = 'disagree' | 'confident' | 'uncertain'

/** Distance of the positive-class probability from the decision threshold (0 = on the fence). */
export function confidenceOf(item: ClsItem, threshold: number): number {
  return Math.abs(item.prob - threshold)
}

/**
 * disagree: model ≠ human label first, the most confident disagreements at the top (likely label
 * errors or clear model errors), then unlabelled, then agreements; confident: most sure first;
 * uncertain: closest to the threshold first. Ties by image id, so the order is stable.
 */
export function sortItems(items: readonly ClsItem[], sort: ClsSort, threshold: number): ClsItem[] {
  const rank = (i: ClsItem) => (i.disagrees ? 0 : i.actual === null ? 1 : 2)
  const c = (i: ClsItem) => confidenceOf(i, threshold)
  return [...items].sort((a, b) => {
    if (sort === 'disagree') return rank(a) - rank(b) || c(b) - c(a) || a.imageId - b.imageId
    if (sort === 'confident') return c(b) - c(a) || a.imageId - b.imageId
    return c(a) - c(b) || a.imageId - b.imageId
  })
}

/** The ROC point nearest the threshold (for marking the operating point on the curve). */
export function operatingPoint(roc: ClassificationReview['roc'], threshold: number): { fpr: number; tpr: number } | null {
  let best: { fpr: number; tpr: number } | null = null
  let dist = Infinity
  for (const p of roc) {
    const d = Math.abs(p.threshold - threshold)
    if (Number.isFinite(d) && d < dist) {
      dist = d
      best = { fpr: p.fpr, tpr: p.tpr }
    }
  }
  return best
}
