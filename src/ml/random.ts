// Seeded pseudo-random numbers for everything outside tfjs (shuffles, augmentation, splits),
// so the same seed reproduces a run exactly.

export { createRng } from '../shared/random'
import { createRng } from '../shared/random'

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: () => number): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Derives an independent seed for a sub-stream (epoch, augmentation, …) from a run seed. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (const p of parts) {
    h = Math.imul(h ^ (p + 0x7f4a7c15), 0x85ebca6b) >>> 0
    h ^= h >>> 13
  }
  return h % 2147483647
}
