// Window/level: rescaled Float32 values → 8-bit grey for display and thumbnails.
import { pixelStats } from './stats'

export interface DisplayWindow { center: number; width: number }

/** Linear window: center − width/2 maps to 0, center + width/2 to 255, clamped. */
export function applyWindow(pixels: Float32Array, window: DisplayWindow, out: Uint8Array = new Uint8Array(pixels.length)): Uint8Array {
  const width = window.width > 0 ? window.width : 1
  const lo = window.center - width / 2
  const scale = 255 / width
  for (let i = 0; i < pixels.length; i++) {
    const v = (pixels[i] - lo) * scale
    // Uint8Array stores truncate; +0.5 rounds. NaN compares false both ways and lands on 0.
    out[i] = v > 255 ? 255 : v > 0 ? v + 0.5 : 0
  }
  return out
}

/**
 * Window spanning the lowP–highP percentiles (default 1–99 %), from a 4096-bin histogram: robust to
 * a few hot pixels and linear in the pixel count. Constant images get a width of 1.
 */
export function autoWindow(pixels: Float32Array, lowP = 1, highP = 99): DisplayWindow {
  const { min, max, count } = pixelStats(pixels)
  if (count === 0) return { center: 0, width: 1 }
  if (max === min) return { center: min, width: 1 }
  const bins = 4096
  const hist = new Uint32Array(bins)
  const scale = (bins - 1) / (max - min)
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]
    if (v >= min && v <= max) hist[((v - min) * scale) | 0]++
  }
  const lowCount = (count * lowP) / 100
  const highCount = (count * highP) / 100
  let acc = 0
  let lo = 0
  let hi = bins - 1
  let seenLow = false
  for (let b = 0; b < bins; b++) {
    acc += hist[b]
    if (!seenLow && acc > lowCount) { lo = b; seenLow = true }
    if (acc >= highCount) { hi = b; break }
  }
  const vLo = min + lo / scale
  const vHi = min + (hi + 1) / scale
  const width = Math.max(vHi - vLo, (max - min) / bins)
  return { center: vLo + width / 2, width }
}

/** The plane as 8-bit grey with the given window, or the automatic one. */
export function toGrey8(pixels: Float32Array, window?: DisplayWindow | null): Uint8Array {
  return applyWindow(pixels, window ?? autoWindow(pixels))
}
