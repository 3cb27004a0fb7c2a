import * as tf from '@tensorflow/tfjs'
import { speedUpCpuBackend } from './cpu/speedUpCpuBackend'
import { initWasmBackend } from './loadWasm'
import { buildReferenceUnet } from './reference/models'
import { lossAndGrads } from './reference/step'

export interface GradientCheck {
  backend: string
  ok: boolean
  /** Largest gradient difference relative to the largest cpu gradient of the same weight. */
  maxRelError: number
  loss: number
  referenceLoss: number
  error?: string
}

/** Deterministic values in [-0.5, 0.5) so both backends see identical inputs and weights. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 4294967296 - 0.5
  }
  return out
}

async function use(backend: string): Promise<void> {
  if (backend === 'wasm') {
    if (!(await initWasmBackend())) throw new Error('wasm backend failed to initialise')
  } else {
    if (backend === 'cpu') speedUpCpuBackend()
    if (!(await tf.setBackend(backend))) throw new Error(`backend "${backend}" failed to initialise`)
  }
}

function gradientsOf(): { loss: number; grads: Float32Array[] } {
  const model = buildReferenceUnet({ inputSize: 16, filters: [4, 8], bottleneck: 8 })
  try {
    tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(values(w.size, 100 + i), w.shape))))
    return tf.tidy(() => {
      const x = tf.tensor4d(values(2 * 16 * 16, 1), [2, 16, 16, 1])
      const y = tf.tensor4d(values(2 * 16 * 16, 2).map((v) => (v > 0 ? 1 : 0)), [2, 16, 16, 1])
      const r = lossAndGrads(model, 'sigmoidCrossEntropy', x, y)
      const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name)
      return { loss: r.loss.dataSync()[0]!, grads: names.map((n) => r.grads[n]!.dataSync() as Float32Array) }
    })
  } finally {
    model.dispose()
  }
}

/**
 * "Trains correctly": one training step of a small U-Net (convs, pooling,
 * transposed convs, skip concatenation) on `backend` gives the same loss and
 * gradients as the cpu backend. For automatic backend choice together with
 * measureBackendThroughput. Restores the previously active backend.
 */
export async function checkBackendGradients(backend: string, tolerance = 1e-3): Promise<GradientCheck> {
  const previous = tf.getBackend()
  try {
    await use('cpu')
    const ref = gradientsOf()
    await use(backend)
    const got = gradientsOf()
    let maxRelError = 0
    got.grads.forEach((g, i) => {
      const r = ref.grads[i]!
      let scale = 1e-6
      for (let j = 0; j < r.length; j++) scale = Math.max(scale, Math.abs(r[j]!))
      for (let j = 0; j < r.length; j++) maxRelError = Math.max(maxRelError, Math.abs(g[j]! - r[j]!) / scale)
    })
    const lossOk = Math.abs(got.loss - ref.loss) <= tolerance * Math.max(1, Math.abs(ref.loss))
    return { backend, ok: lossOk && maxRelError <= tolerance, maxRelError, loss: got.loss, referenceLoss: ref.loss }
  } catch (e) {
    return { backend, ok: false, maxRelError: NaN, loss: NaN, referenceLoss: NaN, error: (e as Error).message }
  } finally {
    if (previous && previous !== tf.getBackend()) await tf.setBackend(previous)
  }
}
