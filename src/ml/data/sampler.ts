// Epoch order and batches. A seeded shuffle per epoch; with balanced sampling, each epoch
// draws the same number of items from every class (small classes repeated), so a 3:1
// imbalanced set trains as if balanced.
import { createRng, deriveSeed, shuffled } from '../random'

export function epochOrder(classOf: readonly number[], epoch: number, seed: number, balanced: boolean): number[] {
  const rng = createRng(deriveSeed(seed, 1, epoch))
  const all = classOf.map((_, i) => i)
  if (!balanced) return shuffled(all, rng)
  const byClass = new Map<number, number[]>()
  classOf.forEach((c, i) => {
    const l = byClass.get(c)
    if (l) l.push(i)
    else byClass.set(c, [i])
  })
  const perClass = Math.max(...[...byClass.values()].map((l) => l.length))
  const picked: number[] = []
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = shuffled(byClass.get(c)!, rng)
    for (let k = 0; k < perClass; k++) picked.push(list[k % list.length])
  }
  return shuffled(picked, rng)
}

export function toBatches(order: readonly number[], batchSize: number): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  const out: number[][] = []
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize))
  return out
}
