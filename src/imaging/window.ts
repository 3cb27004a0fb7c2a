// Window/level: rescaled Float32 values → 8-bit grey for display and thumbnails.
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

/** Values sampled for the automatic window: enough for stable percentiles, cheap to sort. */
const SAMPLE = 16384

/**
 * Window spanning the lowP–highP percentiles (default 1–99 %) of a strided sample of the finite
 * values: robust to hot pixels and outliers, exact for small images, O(SAMPLE log SAMPLE) for big ones.
 * Constant images get a width of 1.
 */
export function autoWindow(pixels: Float32Array, lowP = 1, highP = 99): DisplayWindow {
  const stride = Math.max(1, Math.floor(pixels.length / SAMPLE))
  const sample = new Float32Array(Math.ceil(pixels.length / stride))
  let n = 0
  for (let i = 0; i < pixels.length; i += stride) {
    const v = pixels[i]
    if (v === v && v !== Infinity && v !== -Infinity) sample[n++] = v
  }
  if (n === 0) return { center: 0, width: 1 }
  const sorted = sample.subarray(0, n).sort()
  const lo = sorted[Math.min(n - 1, Math.floor(((n - 1) * lowP) / 100))]
  const hi = sorted[Math.min(n - 1, Math.ceil(((n - 1) * highP) / 100))]
  if (hi <= lo) return { center: lo, width: 1 }
  return { center: (lo + hi) / 2, width: hi - lo }
}

/** The plane as 8-bit grey with the given window, or the automatic one. */
export function toGrey8(pixels: Float32Array, window?: DisplayWindow | null): Uint8Array {
  return applyWindow(pixels, window ?? autoWindow(pixels))
}
