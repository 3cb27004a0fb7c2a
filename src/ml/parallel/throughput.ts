import * as tf from '@tensorflow/tfjs'
import { buildReferenceCnn } from '../kernels/reference/models'
import { createDataParallelTrainer } from './dataParallelTrainer'

/**
 * Images per second of the reference CNN's training step (28×28, batch 64, Adam) on two
 * data-parallel workers with `backend` ('wasm' or 'cpu'), for `radlab doctor --bench`.
 * Warm-up steps first: a fresh worker's first steps compile kernels.
 */
export async function measureParallelThroughput(backend: 'wasm' | 'cpu', opts: { seconds?: number; workers?: number } = {}): Promise<number> {
  const seconds = opts.seconds ?? 3
  const batch = 64
  const model = buildReferenceCnn()
  const topology = model.toJSON(null, false) as object
  model.dispose()
  const trainer = await createDataParallelTrainer({ modelTopology: topology, optimizer: { name: 'adam', learningRate: 1e-3 }, loss: 'softmaxCrossEntropy', backend, workers: opts.workers ?? 2 })
  try {
    const x = tf.tidy(() => tf.randomNormal([batch, 28, 28, 1]).dataSync() as Float32Array)
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10).toFloat().dataSync() as Float32Array)
    const step = () => trainer.trainStep({ data: x.slice(), shape: [batch, 28, 28, 1] }, { data: y.slice(), shape: [batch, 10] })
    for (let i = 0; i < 3; i++) await step()
    let steps = 0
    const t0 = performance.now()
    let elapsed = 0
    do {
      await step()
      steps++
      elapsed = (performance.now() - t0) / 1000
    } while (elapsed < seconds)
    return (steps * batch) / elapsed
  } finally {
    await trainer.dispose()
  }
}
