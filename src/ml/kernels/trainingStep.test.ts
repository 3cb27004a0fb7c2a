import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { speedUpCpuBackend } from './index'
import { buildReferenceCnn, buildReferenceUnet } from './reference/models'
import { lossAndGrads, makeOptimizer, trainStep, type LossName } from './reference/step'
import { maxRelError, onBackend, randomArray } from './testing/backends'

/**
 * Whole training steps of U-Net-like and CNN-like models: loss and every
 * gradient on wasm (with RadLab's kernels) equal the cpu backend's within
 * float tolerance, starting from identical weights.
 */
type Built = { model: tf.LayersModel; weights: Float32Array[] }

function build(kind: 'unet' | 'cnn', seed: number): Built {
  const model = kind === 'unet' ? buildReferenceUnet({ inputSize: 32, filters: [4, 8], bottleneck: 16 }) : buildReferenceCnn()
  // Deterministic weights, identical on both backends.
  const weights = model.getWeights().map((w, i) => randomArray(w.size, seed + i).map((v) => v * 0.3))
  tf.tidy(() => model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape))))
  return { model, weights }
}

function batch(kind: 'unet' | 'cnn') {
  if (kind === 'unet') {
    const n = 3
    return {
      x: tf.tensor4d(randomArray(n * 32 * 32, 101), [n, 32, 32, 1]),
      y: tf.tensor4d(randomArray(n * 32 * 32, 102).map((v) => (v > 0.2 ? 1 : 0)), [n, 32, 32, 1]),
    }
  }
  const n = 5
  const labels = Array.from(randomArray(n, 103), (v) => Math.floor((v + 1) * 5) % 10)
  return { x: tf.tensor4d(randomArray(n * 28 * 28, 104), [n, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() }
}

async function gradsOn(backend: 'cpu' | 'wasm', kind: 'unet' | 'cnn'): Promise<{ loss: number; grads: Float32Array[] }> {
  return onBackend(backend, () => {
    const { model } = build(kind, 7)
    const { x, y } = batch(kind)
    const loss: LossName = kind === 'unet' ? 'sigmoidCrossEntropy' : 'softmaxCrossEntropy'
    const r = lossAndGrads(model, loss, x, y)
    const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name)
    const out = { loss: r.loss.dataSync()[0]!, grads: names.map((n) => r.grads[n]!.dataSync() as Float32Array) }
    tf.dispose([x, y, r.loss, ...Object.values(r.grads)])
    model.dispose()
    return out
  })
}

describe('training step on wasm equals cpu', () => {
  for (const kind of ['unet', 'cnn'] as const) {
    it(`${kind}: loss and all gradients`, async () => {
      speedUpCpuBackend()
      const want = await gradsOn('cpu', kind)
      const got = await gradsOn('wasm', kind)
      expect(got.loss).toBeCloseTo(want.loss, 4)
      expect(got.grads.length).toBe(want.grads.length)
      got.grads.forEach((g, i) => expect(maxRelError(g, want.grads[i]!), `gradient ${i}`).toBeLessThan(1e-3))
    })
  }

  it('a small U-Net learns a disk-segmentation phantom on wasm as on cpu', async () => {
    // Phantom: bright noisy disks on a dark background; the mask is the disk.
    const n = 6
    const size = 32
    const img = new Float32Array(n * size * size)
    const mask = new Float32Array(n * size * size)
    const noise = randomArray(img.length, 55)
    for (let k = 0; k < n; k++) {
      const cx = 8 + ((k * 5) % 16)
      const cy = 8 + ((k * 7) % 16)
      const r = 4 + (k % 4)
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) {
          const inside = (i - cy) ** 2 + (j - cx) ** 2 <= r * r ? 1 : 0
          const p = (k * size + i) * size + j
          mask[p] = inside
          img[p] = inside * 1.0 + noise[p]! * 0.3
        }
    }
    const train = (backend: 'cpu' | 'wasm') =>
      onBackend(backend, () => {
        const { model } = build('unet', 9)
        const opt = makeOptimizer({ name: 'adam', learningRate: 0.01 })
        const x = tf.tensor4d(img, [n, size, size, 1])
        const y = tf.tensor4d(mask, [n, size, size, 1])
        const losses: number[] = []
        for (let s = 0; s < 20; s++) losses.push(trainStep(model, opt, 'sigmoidCrossEntropy', x, y))
        tf.dispose([x, y])
        model.dispose()
        return losses
      })
    const cpu = await train('cpu')
    const wasm = await train('wasm')
    expect(wasm.at(-1)!).toBeLessThan(wasm[0]! * 0.6)
    // Same trajectory up to float rounding (amplified a little over 20 Adam steps).
    for (let s = 0; s < cpu.length; s++) expect(Math.abs(wasm[s]! - cpu[s]!)).toBeLessThan(0.02 * Math.max(1, cpu[s]!))
  })
})
