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

const BINS = 1024

/**
 * Window spanning the lowP–highP percentiles (default 1–99 %) of the finite values: robust to hot
 * pixels. Two histogram passes instead of a sort (this runs once per imported image): a coarse one
 * over [min, max], then, when an outlier squeezed the bulk of the values into a few bins, a fine one
 * over just those bins. Constant images get a width of 1.
 */
export function autoWindow(pixels: Float32Array, lowP = 1, highP = 99): DisplayWindow {
  let min = Infinity
  let max = -Infinity
  let count = 0
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]
    if (v === v && v !== Infinity && v !== -Infinity) {
      if (v < min) min = v
      if (v > max) max = v
      count++
    }
  }
  if (count === 0) return { center: 0, width: 1 }
  if (max === min) return { center: min, width: 1 }
  const lowCount = (count * lowP) / 100
  const highCount = (count * highP) / 100
  let [lo, hi] = percentileRange(pixels, min, max, 0, lowCount, highCount)
  if (hi.bin - lo.bin < 64) {
    const a = min + (lo.bin * (max - min)) / BINS
    const b = min + ((hi.bin + 1) * (max - min)) / BINS
    ;[lo, hi] = percentileRange(pixels, a, b, lo.below, lowCount, highCount)
  }
  if (hi.value <= lo.value) return { center: lo.value, width: 1 }
  return { center: (lo.value + hi.value) / 2, width: hi.value - lo.value }
}

interface Edge { bin: number; value: number; below: number }

/** Histogram of values in [a, b]; `below` values lie under a. Returns the bins holding the two percentiles. */
function percentileRange(pixels: Float32Array, a: number, b: number, below: number, lowCount: number, highCount: number): [Edge, Edge] {
  const hist = new Uint32Array(BINS)
  const scale = BINS / (b - a)
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]
    if (v >= a && v <= b) {
      const k = ((v - a) * scale) | 0
      hist[k < BINS ? k : BINS - 1]++
    }
  }
  let acc = below
  let lo: Edge | null = null
  let hi: Edge = { bin: BINS - 1, value: b, below: 0 }
  for (let k = 0; k < BINS; k++) {
    const before = acc
    acc += hist[k]
    if (!lo && acc > lowCount) lo = { bin: k, value: a + k / scale, below: before }
    if (acc >= highCount) {
      hi = { bin: k, value: a + (k + 1) / scale, below: before }
      break
    }
  }
  return [lo ?? { bin: 0, value: a, below }, hi]
}

/** The plane as 8-bit grey with the given window, or the automatic one. */
export function toGrey8(pixels: Float32Array, window?: DisplayWindow | null): Uint8Array {
  return applyWindow(pixels, window ?? autoWindow(pixels))
}
