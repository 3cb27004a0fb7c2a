import type * as tf from '@tensorflow/tfjs'

/**
 * What a worker entry registers before the worker handles messages, so a bundled app (where a
 * worker cannot import arbitrary source modules) can still use the engine's own losses and
 * per-replica setup. The generic worker looks names up here.
 */
export type LossFactory = (...args: unknown[]) => (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar

const losses = new Map<string, LossFactory>()
const initHooks: Array<(rank: number, worldSize: number) => void> = []

export function registerLoss(name: string, factory: LossFactory): void {
  losses.set(name, factory)
}

export function registeredLoss(name: string): LossFactory {
  const f = losses.get(name)
  if (!f) throw new Error(`no loss registered as "${name}" in this worker (registered: ${[...losses.keys()].join(', ') || 'none'})`)
  return f
}

/** Runs once per worker after its backend is up, e.g. to give each replica its own random stream. */
export function onReplicaInit(hook: (rank: number, worldSize: number) => void): void {
  initHooks.push(hook)
}

export function runReplicaInitHooks(rank: number, worldSize: number): void {
  for (const h of initHooks) h(rank, worldSize)
}
