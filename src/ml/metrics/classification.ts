// Classification metrics from labels and predictions (pure TS, no tfjs).

/** confusion[t][p]: number of items whose true class is t and predicted class is p. */
export function confusionMatrix(truth: ArrayLike<number>, pred: ArrayLike<number>, classes: number): number[][] {
  if (truth.length !== pred.length) throw new Error(`truth has ${truth.length} labels, predictions ${pred.length}`)
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`classes must be an integer ≥ 2, got ${classes}`)
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]
    const p = pred[i]
    if (t < 0 || t >= classes || p < 0 || p >= classes) throw new Error(`label out of range at ${i}: truth ${t}, prediction ${p}`)
    m[t][p]++
  }
  return m
}

export interface BinaryCounts {
  tp: number
  fp: number
  tn: number
  fn: number
}

/** Counts for a binary problem: `positive` is the positive class (default 1). */
export function binaryCounts(truth: ArrayLike<number>, pred: ArrayLike<number>, positive = 1): BinaryCounts {
  if (truth.length !== pred.length) throw new Error(`truth has ${truth.length} labels, predictions ${pred.length}`)
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 }
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] === positive
    const p = pred[i] === positive
    if (t && p) c.tp++
    else if (!t && p) c.fp++
    else if (t && !p) c.fn++
    else c.tn++
  }
  return c
}

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b)

export function accuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  if (truth.length !== pred.length) throw new Error(`truth has ${truth.length} labels, predictions ${pred.length}`)
  let ok = 0
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) ok++
  return ratio(ok, truth.length)
}

/** Recall of the positive class (true positive rate). NaN when there are no positives. */
export const sensitivity = (c: BinaryCounts) => ratio(c.tp, c.tp + c.fn)
/** True negative rate. NaN when there are no negatives. */
export const specificity = (c: BinaryCounts) => ratio(c.tn, c.tn + c.fp)
/** Positive predictive value. NaN when nothing was predicted positive. */
export const precision = (c: BinaryCounts) => ratio(c.tp, c.tp + c.fp)
/** Harmonic mean of precision and sensitivity; 0 when there are positives but none found. */
export function f1(c: BinaryCounts): number {
  const denom = 2 * c.tp + c.fp + c.fn
  return denom === 0 ? NaN : (2 * c.tp) / denom
}

/** Index of the largest value in each row: predicted class from per-class probabilities. */
export function argmaxRows(rows: ArrayLike<number>[]): number[] {
  return rows.map((r) => {
    let best = 0
    for (let k = 1; k < r.length; k++) if (r[k] > r[best]) best = k
    return best
  })
}

/** Macro averages over classes (one-vs-rest), for multi-class problems. */
export function macroScores(confusion: number[][]): { sensitivity: number; specificity: number; precision: number; f1: number } {
  const k = confusion.length
  const total = confusion.reduce((s, r) => s + r.reduce((a, b) => a + b, 0), 0)
  const acc = { sensitivity: 0, specificity: 0, precision: 0, f1: 0 }
  const n = { sensitivity: 0, specificity: 0, precision: 0, f1: 0 }
  for (let c = 0; c < k; c++) {
    const tp = confusion[c][c]
    const fn = confusion[c].reduce((a, b) => a + b, 0) - tp
    const fp = confusion.reduce((s, r) => s + r[c], 0) - tp
    const counts = { tp, fp, fn, tn: total - tp - fp - fn }
    for (const [key, fn2] of [['sensitivity', sensitivity], ['specificity', specificity], ['precision', precision], ['f1', f1]] as const) {
      const v = fn2(counts)
      if (!Number.isNaN(v)) {
        acc[key] += v
        n[key]++
      }
    }
  }
  return {
    sensitivity: ratio(acc.sensitivity, n.sensitivity),
    specificity: ratio(acc.specificity, n.specificity),
    precision: ratio(acc.precision, n.precision),
    f1: ratio(acc.f1, n.f1),
  }
}
