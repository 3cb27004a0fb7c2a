// Overlap metrics for one image's masks, on plain typed arrays (no tfjs) so main, the
// renderer and the CLI share them. A pixel is foreground when it is non-zero (or, for
// probability maps, when it reaches the threshold).

export type MaskLike = ArrayLike<number>

function counts(pred: MaskLike, truth: MaskLike, threshold: number) {
  if (pred.length !== truth.length) {
    throw new Error(`masks differ in size: prediction has ${pred.length} pixels, truth ${truth.length}`)
  }
  let tp = 0
  let p = 0
  let t = 0
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] >= threshold && pred[i] !== 0
    const b = truth[i] !== 0
    if (a) p++
    if (b) t++
    if (a && b) tp++
  }
  return { tp, p, t }
}

/**
 * Dice = 2|A∩B| / (|A|+|B|). Both empty → 1 (the model rightly found nothing).
 * `threshold` applies to `pred` only (e.g. 0.5 for probabilities, 128 for uint8 maps).
 */
export function dice(pred: MaskLike, truth: MaskLike, threshold = Number.MIN_VALUE): number {
  const { tp, p, t } = counts(pred, truth, threshold)
  return p + t === 0 ? 1 : (2 * tp) / (p + t)
}

/** IoU = |A∩B| / |A∪B|. Both empty → 1. */
export function iou(pred: MaskLike, truth: MaskLike, threshold = Number.MIN_VALUE): number {
  const { tp, p, t } = counts(pred, truth, threshold)
  const union = p + t - tp
  return union === 0 ? 1 : tp / union
}

/** Dice of one label value in two label maps (multi-class masks). */
export function diceForLabel(pred: MaskLike, truth: MaskLike, label: number): number {
  if (pred.length !== truth.length) throw new Error(`masks differ in size: ${pred.length} vs ${truth.length} pixels`)
  let tp = 0
  let p = 0
  let t = 0
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] === label
    const b = truth[i] === label
    if (a) p++
    if (b) t++
    if (a && b) tp++
  }
  return p + t === 0 ? 1 : (2 * tp) / (p + t)
}

/** IoU of one label value in two label maps. */
export function iouForLabel(pred: MaskLike, truth: MaskLike, label: number): number {
  if (pred.length !== truth.length) throw new Error(`masks differ in size: ${pred.length} vs ${truth.length} pixels`)
  let tp = 0
  let union = 0
  for (let i = 0; i < pred.length; i++) {
    const a = pred[i] === label
    const b = truth[i] === label
    if (a && b) tp++
    if (a || b) union++
  }
  return union === 0 ? 1 : tp / union
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let s = 0
  for (const v of values) s += v
  return s / values.length
}
