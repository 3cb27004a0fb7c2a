// Intensity normalisation before the network: per-image z-score (robust to scanner gain), or
// the image's display window mapped to [0, 1] (what the clinician sees).
import type { Normalisation } from '../../shared/trainer-protocol'

export interface WindowInfo {
  center: number
  width: number
}

export function zscore(px: Float32Array): Float32Array {
  let sum = 0
  for (let i = 0; i < px.length; i++) sum += px[i]
  const mean = sum / px.length
  let sq = 0
  for (let i = 0; i < px.length; i++) sq += (px[i] - mean) ** 2
  const std = Math.sqrt(sq / px.length)
  // A constant image has no contrast to scale; keep it at zero rather than dividing by ~0.
  const inv = std > 1e-6 ? 1 / std : 0
  const out = new Float32Array(px.length)
  for (let i = 0; i < px.length; i++) out[i] = (px[i] - mean) * inv
  return out
}

export function windowed(px: Float32Array, win: WindowInfo): Float32Array {
  const lo = win.center - win.width / 2
  const scale = win.width > 0 ? 1 / win.width : 0
  const out = new Float32Array(px.length)
  for (let i = 0; i < px.length; i++) out[i] = Math.min(1, Math.max(0, (px[i] - lo) * scale))
  return out
}

/** Window when asked and known; otherwise min–max of the image stands in for the window. */
export function normalise(px: Float32Array, mode: Normalisation, win: WindowInfo | null, min: number, max: number): Float32Array {
  if (mode === 'zscore') return zscore(px)
  return windowed(px, win ?? { center: (min + max) / 2, width: Math.max(max - min, 1e-6) })
}
