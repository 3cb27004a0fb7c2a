import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initWasmBackend } from '../kernels/loadWasm'
import { makeOptimizer, trainStep, type LossName, type OptimizerConfig } from '../kernels/reference/step'
import { randomArray } from '../kernels/testing/backends'
import { createDataParallelTrainer, shardSizes, type DataParallelTrainer, type ShapedArray } from './index'

/** A small U-Net-like model (conv, pool, transposed conv, skip concat) so every replaced kernel is on the path. */
function tinyUnet(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 1] })
  const a = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'glorotUniform' }).apply(input) as tf.SymbolicTensor
  const p = tf.layers.maxPooling2d({ poolSize: 2 }).apply(a) as tf.SymbolicTensor
  const b = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(p) as tf.SymbolicTensor
  const u = tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, padding: 'same' }).apply(b) as tf.SymbolicTensor
  const c = tf.layers.concatenate().apply([u, a]) as tf.SymbolicTensor
  const out = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).apply(c) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: out })
}

const rows = 6
const xs: ShapedArray = { data: randomArray(rows * 16 * 16, 21), shape: [rows, 16, 16, 1] }
const ys: ShapedArray = { data: randomArray(rows * 16 * 16, 22).map((v) => (v > 0 ? 1 : 0)), shape: [rows, 16, 16, 1] }

async function singleWorkerReference(
  topology: object,
  weights: ShapedArray[],
  optimizer: OptimizerConfig,
  loss: LossName,
  steps: number,
): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await initWasmBackend()
  const model = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON)
  tf.tidy(() => model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape))))
  const opt = makeOptimizer(optimizer)
  const x = tf.tensor(xs.data, xs.shape)
  const y = tf.tensor(ys.data, ys.shape)
  const losses: number[] = []
  for (let i = 0; i < steps; i++) losses.push(trainStep(model, opt, loss, x, y))
  const out = model.getWeights().map((w) => w.dataSync() as Float32Array)
  tf.dispose([x, y])
  model.dispose()
  return { losses, weights: out }
}

describe('data-parallel training on worker threads', () => {
  let topology: object
  let initial: ShapedArray[]
  let trainer: DataParallelTrainer | null = null

  beforeAll(async () => {
    await initWasmBackend()
    const model = tinyUnet()
    topology = model.toJSON(null, false) as object
    initial = model.getWeights().map((w) => ({ data: w.dataSync() as Float32Array, shape: w.shape.slice() }))
    model.dispose()
  })
  afterAll(async () => {
    await trainer?.dispose()
  })

  it('splits batches into near-equal contiguous shards', () => {
    expect(shardSizes(8, 2)).toEqual([4, 4])
    expect(shardSizes(7, 2)).toEqual([4, 3])
    expect(shardSizes(1, 2)).toEqual([1, 0])
  })

  it('two workers (SGD) give the same losses and weights as one worker on the whole batch', async () => {
    const optimizer: OptimizerConfig = { name: 'sgd', learningRate: 0.1 }
    trainer = await createDataParallelTrainer({ modelTopology: topology, optimizer, loss: 'sigmoidCrossEntropy', workers: 2, initialWeights: initial })
    const losses: number[] = []
    for (let i = 0; i < 3; i++) losses.push(await trainer.trainStep({ ...xs, data: xs.data.slice() }, { ...ys, data: ys.data.slice() }))
    const got = await trainer.getWeights()
    await trainer.dispose()
    trainer = null
    const ref = await singleWorkerReference(topology, initial, optimizer, 'sigmoidCrossEntropy', 3)
    for (let i = 0; i < 3; i++) expect(losses[i]!).toBeCloseTo(ref.losses[i]!, 5)
    got.forEach((w, i) => {
      const r = ref.weights[i]!
      let err = 0
      for (let j = 0; j < r.length; j++) err = Math.max(err, Math.abs(w.data[j]! - r[j]!))
      expect(err, `weight ${i}`).toBeLessThan(1e-5)
    })
    // Training actually moved the weights.
    expect(Math.abs(got[0]!.data[0]! - initial[0]!.data[0]!)).toBeGreaterThan(0)
  })

  it('two workers (Adam, odd batch split 4+3) stay within float rounding of one worker', async () => {
    const optimizer: OptimizerConfig = { name: 'adam', learningRate: 1e-3 }
    trainer = await createDataParallelTrainer({ modelTopology: topology, optimizer, loss: 'sigmoidCrossEntropy', workers: 2, initialWeights: initial })
    const odd = { x: { data: xs.data.slice(0, 5 * 256), shape: [5, 16, 16, 1] }, y: { data: ys.data.slice(0, 5 * 256), shape: [5, 16, 16, 1] } }
    const loss = await trainer.trainStep(odd.x, odd.y)
    const got = await trainer.getWeights()
    await trainer.dispose()
    trainer = null
    await initWasmBackend()
    const model = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON)
    tf.tidy(() => model.setWeights(initial.map((w) => tf.tensor(w.data, w.shape))))
    const x = tf.tensor(xs.data.slice(0, 5 * 256), [5, 16, 16, 1])
    const y = tf.tensor(ys.data.slice(0, 5 * 256), [5, 16, 16, 1])
    const refLoss = trainStep(model, makeOptimizer(optimizer), 'sigmoidCrossEntropy', x, y)
    const ref = model.getWeights().map((w) => w.dataSync())
    expect(loss).toBeCloseTo(refLoss, 5)
    // Adam's first step is ~lr*sign(g): allow rounding-level slack relative to lr.
    got.forEach((w, i) => {
      let err = 0
      for (let j = 0; j < w.data.length; j++) err = Math.max(err, Math.abs(w.data[j]! - ref[i]![j]!))
      expect(err, `weight ${i}`).toBeLessThan(2e-4)
    })
    tf.dispose([x, y])
    model.dispose()
  })

  it('workers import a custom loss module and follow learning-rate changes', async () => {
    trainer = await createDataParallelTrainer({
      modelTopology: topology,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      loss: { module: new URL('./testing/halfBce.ts', import.meta.url).href, factory: 'makeHalfBce', args: [0.5] },
      workers: 2,
      initialWeights: initial,
    })
    const x = () => ({ data: xs.data.slice(), shape: xs.shape })
    const y = () => ({ data: ys.data.slice(), shape: ys.shape })
    const half = await trainer.trainStep(x(), y())
    await trainer.setLearningRate(1e-9)
    const before = await trainer.getWeights()
    await trainer.trainStep(x(), y())
    const after = await trainer.getWeights()
    await trainer.dispose()
    trainer = null
    const ref = await singleWorkerReference(topology, initial, { name: 'sgd', learningRate: 0.1 }, 'sigmoidCrossEntropy', 1)
    expect(half).toBeCloseTo(ref.losses[0]! * 0.5, 5)
    let moved = 0
    before.forEach((w, i) => w.data.forEach((v, j) => (moved = Math.max(moved, Math.abs(v - after[i]!.data[j]!)))))
    expect(moved).toBeLessThan(1e-6)
  })

  it('a step failing in one worker fails cleanly: no deadlock, no update anywhere, next step works', async () => {
    trainer = await createDataParallelTrainer({
      modelTopology: topology,
      optimizer: { name: 'sgd', learningRate: 0.1 },
      loss: { module: new URL('./testing/halfBce.ts', import.meta.url).href, factory: 'makeFailOnSeven' },
      workers: 2,
      initialWeights: initial,
    })
    const bad = ys.data.slice()
    bad[bad.length - 1] = 7 // last row: the second worker's shard
    await expect(trainer.trainStep({ data: xs.data.slice(), shape: xs.shape }, { data: bad, shape: ys.shape })).rejects.toThrow(/label 7 seen/)
    const after = await trainer.getWeights()
    after.forEach((w, i) => expect(Array.from(w.data)).toEqual(Array.from(initial[i]!.data)))
    const loss = await trainer.trainStep({ data: xs.data.slice(), shape: xs.shape }, { data: ys.data.slice(), shape: ys.shape })
    expect(Number.isFinite(loss)).toBe(true)
    await trainer.dispose()
    trainer = null
  })

  it('predict splits the batch and returns outputs in order', async () => {
    trainer = await createDataParallelTrainer({
      modelTopology: topology, optimizer: { name: 'sgd' }, loss: 'sigmoidCrossEntropy', workers: 2, initialWeights: initial,
    })
    const out = await trainer.predict({ data: xs.data.slice(), shape: xs.shape })
    await initWasmBackend()
    const model = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON)
    tf.tidy(() => model.setWeights(initial.map((w) => tf.tensor(w.data, w.shape))))
    const want = tf.tidy(() => (model.predict(tf.tensor(xs.data, xs.shape)) as tf.Tensor).dataSync())
    expect(out.shape).toEqual([rows, 16, 16, 1])
    let err = 0
    for (let j = 0; j < want.length; j++) err = Math.max(err, Math.abs(out.data[j]! - want[j]!))
    expect(err).toBeLessThan(1e-5)
    model.dispose()
  })
})
