// Client-side agreement between a prediction and the ground truth, so the threshold slider can
// recompute Dice/IoU and recolour the overlay without a round trip. Same rule as main's review
// service: predicted where prob × 255 ≥ round(threshold × 255) (and > 0); truth = any non-zero label.

export interface OverlapCounts {
  tp: number
  fp: number
  fn: number
}

export function thresholdCut(threshold: number): number {
  return Math.max(1, Math.round(threshold * 255))
}

export function overlapCounts(prob: Uint8Array, truth: Uint8Array | null, threshold: number): OverlapCounts {
  const cut = thresholdCut(threshold)
  let tp = 0, fp = 0, fn = 0
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i] >= cut
    const t = truth !== null && truth[i] !== 0
    if (p && t) tp++
    else if (p) fp++
    else if (t) fn++
  }
  return { tp, fp, fn }
}

/** Dice and IoU from counts; both empty counts as perfect agreement (1), as in main. */
export function scoresOf(c: OverlapCounts): { dice: number; iou: number } {
  const union = c.tp + c.fp + c.fn
  if (union === 0) return { dice: 1, iou: 1 }
  return { dice: (2 * c.tp) / (2 * c.tp + c.fp + c.fn), iou: c.tp / union }
}

/** Agreement class of each pixel: 0 none, 1 true positive, 2 false positive, 3 false negative. */
export const AGREE_NONE = 0
export const AGREE_TP = 1
export const AGREE_FP = 2
export const AGREE_FN = 3

export function agreementMap(prob: Uint8Array, truth: Uint8Array | null, threshold: number, out = new Uint8Array(prob.length)): Uint8Array {
  const cut = thresholdCut(threshold)
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i] >= cut
    const t = truth !== null && truth[i] !== 0
    out[i] = p ? (t ? AGREE_TP : AGREE_FP) : t ? AGREE_FN : AGREE_NONE
  }
  return out
}

/** RGB colours (0xRRGGBB) of the layers, also used by the legend. */
export const COLOURS = {
  truth: 0x39c5cf,
  prediction: 0xf0883e,
  tp: 0x3fb950,
  fp: 0xf85149,
  fn: 0x58a6ff,
} as const

export function cssColour(rgb: number): string {
  return `#${rgb.toString(16).padStart(6, '0')}`
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
/** Opaque RGBA packed for a Uint32Array view of ImageData in this platform's byte order. */
export function packRgb(rgb: number): number {
  const r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255
  return LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0
}

/**
 * Paints class map `cls` (values 1..n) into RGBA pixels: palette[value] where set, transparent elsewhere.
 * Outline mode keeps only pixels with a 4-neighbour of a different class (or the image edge).
 */
export function paintClasses(cls: Uint8Array, width: number, height: number, palette: readonly number[], outline: boolean, out: Uint32Array): void {
  const packed = palette.map((c) => packRgb(c))
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      const v = cls[i]
      if (v === 0) { out[i] = 0; continue }
      if (outline) {
        const inner = x > 0 && x < width - 1 && y > 0 && y < height - 1 &&
          cls[i - 1] === v && cls[i + 1] === v && cls[i - width] === v && cls[i + width] === v
        if (inner) { out[i] = 0; continue }
      }
      out[i] = packed[v] ?? 0
    }
  }
}

/** Binary map (1 where set) of a probability map at a threshold, or of a label map. */
export function binaryOf(src: Uint8Array, cut: number, out = new Uint8Array(src.length)): Uint8Array {
  for (let i = 0; i < src.length; i++) out[i] = src[i] >= cut ? 1 : 0
  return out
}
