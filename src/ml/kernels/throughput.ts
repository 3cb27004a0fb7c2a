import * as tf from '@tensorflow/tfjs'
import { speedUpCpuBackend } from './cpu/speedUpCpuBackend'
import { initWasmBackend } from './loadWasm'
import { buildReferenceCnn } from './reference/models'
import { makeOptimizer, trainStep } from './reference/step'

export interface ThroughputResult {
  backend: string
  imgPerSec: number
  steps: number
  seconds: number
}

/**
 * Images per second of the reference CNN's training step (28×28, batch 64,
 * Adam) on `backend`, measured for about `seconds` after one warm-up step.
 * Used by `radlab doctor --bench` and by automatic backend choice. The
 * previously active backend is restored afterwards.
 */
export async function measureBackendThroughput(
  backend: string,
  opts: { seconds?: number; batchSize?: number } = {},
): Promise<ThroughputResult> {
  const seconds = opts.seconds ?? 3
  const batch = opts.batchSize ?? 64
  const previous = tf.getBackend()
  if (backend === 'wasm') {
    if (!(await initWasmBackend())) throw new Error('wasm backend failed to initialise')
  } else {
    if (backend === 'cpu') speedUpCpuBackend()
    if (!(await tf.setBackend(backend))) throw new Error(`backend "${backend}" failed to initialise`)
  }
  const model = buildReferenceCnn()
  const opt = makeOptimizer({ name: 'adam', learningRate: 1e-3 })
  const xs = tf.randomNormal([batch, 28, 28, 1])
  const ys = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32') as tf.Tensor1D, 10)
  try {
    trainStep(model, opt, 'softmaxCrossEntropy', xs, ys)
    let steps = 0
    const t0 = performance.now()
    let elapsed = 0
    do {
      trainStep(model, opt, 'softmaxCrossEntropy', xs, ys)
      steps++
      elapsed = (performance.now() - t0) / 1000
    } while (elapsed < seconds)
    return { backend, imgPerSec: (steps * batch) / elapsed, steps, seconds: elapsed }
  } finally {
    tf.dispose([xs, ys])
    opt.dispose()
    model.dispose()
    if (previous && previous !== tf.getBackend()) await tf.setBackend(previous)
  }
}
