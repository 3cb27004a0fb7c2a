// Uncertainty of a probability map, to rank images for "what to annotate next".

/** Binary entropy in bits of a probability p (0 at p ∈ {0,1}, 1 at p = 0.5). */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p))
}

/**
 * Mean binary entropy of a probability map. `scale` converts stored values to probabilities
 * (255 for the uint8 maps the trainer reports, 1 for floats).
 */
export function meanBinaryEntropy(probs: ArrayLike<number>, scale = 1): number {
  if (probs.length === 0) return 0
  // A lookup table makes uint8 maps of millions of pixels cheap.
  if (scale === 255) {
    const table = new Float64Array(256)
    for (let v = 0; v < 256; v++) table[v] = binaryEntropy(v / 255)
    let s = 0
    for (let i = 0; i < probs.length; i++) s += table[probs[i] | 0]
    return s / probs.length
  }
  let s = 0
  for (let i = 0; i < probs.length; i++) s += binaryEntropy(probs[i] / scale)
  return s / probs.length
}
