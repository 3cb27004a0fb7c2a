// Seeded pseudo-random numbers (no node, DOM or electron imports): training shuffles and
// augmentation, splits, and the phantom generators all draw from the same small generator.

/** mulberry32: small, fast, good enough for shuffles, augmentation and synthetic data. Floats in [0,1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
