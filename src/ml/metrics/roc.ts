// ROC analysis for a binary score. AUC is the Mann–Whitney statistic from average ranks, so
// tied scores count one half, exactly as the trapezoidal ROC area does.

/** ROC-AUC of scores against 0/1 labels. NaN when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) throw new Error(`scores has ${scores.length} values, labels ${labels.length}`)
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b])
  const ranks = new Float64Array(n)
  let i = 0
  while (i < n) {
    let j = i + 1
    while (j < n && scores[order[j]] === scores[order[i]]) j++
    const avg = (i + j + 1) / 2 // ranks are 1-based: i+1 … j
    for (let k = i; k < j; k++) ranks[order[k]] = avg
    i = j
  }
  let pos = 0
  let rankSum = 0
  for (let k = 0; k < n; k++) {
    if (labels[k]) {
      pos++
      rankSum += ranks[k]
    }
  }
  const neg = n - pos
  if (pos === 0 || neg === 0) return NaN
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg)
}

export interface RocPoint {
  threshold: number
  fpr: number
  tpr: number
}

/**
 * ROC curve: one point per distinct score (predict positive when score ≥ threshold),
 * from (0,0) at threshold +∞ to (1,1). Ties move diagonally, as AUC assumes.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  if (scores.length !== labels.length) throw new Error(`scores has ${scores.length} values, labels ${labels.length}`)
  const n = scores.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a])
  let pos = 0
  for (let k = 0; k < n; k++) if (labels[k]) pos++
  const neg = n - pos
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }]
  let tp = 0
  let fp = 0
  let i = 0
  while (i < n) {
    const s = scores[order[i]]
    while (i < n && scores[order[i]] === s) {
      if (labels[order[i]]) tp++
      else fp++
      i++
    }
    points.push({ threshold: s, fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0 })
  }
  return points
}

/** Area under a curve of points sorted by fpr (trapezoids): checks rocCurve against rocAuc. */
export function trapezoidArea(points: readonly RocPoint[]): number {
  let a = 0
  for (let k = 1; k < points.length; k++) {
    a += ((points[k].fpr - points[k - 1].fpr) * (points[k].tpr + points[k - 1].tpr)) / 2
  }
  return a
}
