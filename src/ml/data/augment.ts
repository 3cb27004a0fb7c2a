// On-the-fly augmentation for training batches only: horizontal flip, a small rotation and
// shift (one affine warp: bilinear for the image, nearest for the mask), intensity jitter.
// Every random draw comes from the rng passed in, so a seed reproduces the run.

export interface AugmentOptions {
  flip: boolean
  maxRotationDeg: number
  maxShiftFrac: number
  /** Multiplicative contrast jitter (±) and additive brightness jitter (±, in normalised units). */
  contrast: number
  brightness: number
}

export const DEFAULT_AUGMENT: AugmentOptions = { flip: true, maxRotationDeg: 10, maxShiftFrac: 0.08, contrast: 0.1, brightness: 0.1 }

/**
 * Augments one square image (and optionally its mask, same size) in place of copies.
 * Returns new arrays; the inputs are untouched (they are cached across epochs).
 */
export function augment(
  image: Float32Array,
  mask: Uint8Array | null,
  size: number,
  rng: () => number,
  opts: AugmentOptions = DEFAULT_AUGMENT,
): { image: Float32Array; mask: Uint8Array | null } {
  const flip = opts.flip && rng() < 0.5
  const angle = ((rng() * 2 - 1) * opts.maxRotationDeg * Math.PI) / 180
  const tx = (rng() * 2 - 1) * opts.maxShiftFrac * size
  const ty = (rng() * 2 - 1) * opts.maxShiftFrac * size
  const gain = 1 + (rng() * 2 - 1) * opts.contrast
  const bias = (rng() * 2 - 1) * opts.brightness

  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  const c = (size - 1) / 2
  const outImg = new Float32Array(size * size)
  const outMask = mask ? new Uint8Array(size * size) : null
  // Edge value for pixels warped in from outside: the image's corner, usually background.
  const fill = image[0]
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse map: output pixel → source coordinate.
      const ox = x - c - tx
      const oy = y - c - ty
      let sx = cos * ox + sin * oy + c
      const sy = -sin * ox + cos * oy + c
      if (flip) sx = size - 1 - sx
      let v = fill
      if (sx >= 0 && sy >= 0 && sx <= size - 1 && sy <= size - 1) {
        const x0 = Math.floor(sx)
        const y0 = Math.floor(sy)
        const x1 = Math.min(x0 + 1, size - 1)
        const y1 = Math.min(y0 + 1, size - 1)
        const dx = sx - x0
        const dy = sy - y0
        v =
          (image[y0 * size + x0] * (1 - dx) + image[y0 * size + x1] * dx) * (1 - dy) +
          (image[y1 * size + x0] * (1 - dx) + image[y1 * size + x1] * dx) * dy
      }
      outImg[y * size + x] = v * gain + bias
      if (mask && outMask) {
        const nx = Math.round(sx)
        const ny = Math.round(sy)
        outMask[y * size + x] = nx >= 0 && ny >= 0 && nx < size && ny < size ? mask[ny * size + nx] : 0
      }
    }
  }
  return { image: outImg, mask: outMask }
}
