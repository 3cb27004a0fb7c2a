import * as tf from '@tensorflow/tfjs'
import { parentPort } from 'node:worker_threads'
import { initWasmBackend } from '../kernels/loadWasm'
import { speedUpCpuBackend } from '../kernels/cpu/speedUpCpuBackend'
import { lossAndGrads, lossFn, makeOptimizer, setLearningRate, trainableVariables, type LossFunction } from '../kernels/reference/step'
import { registeredLoss, runReplicaInitHooks } from './replica-hooks'
import { barrierWait, markStepFailed, stepFailed } from './barrier'
import type { FromWorker, ShapedArray, ToWorker } from './protocol'

/**
 * One data-parallel replica. Every replica holds identical weights; per step
 * it computes gradients of its shard's mean loss scaled by the shard's share
 * of the batch, publishes them in its slot of a shared buffer, waits for the
 * others, sums all slots in rank order (so every replica gets bit-identical
 * sums) and applies the same optimiser update.
 */
if (!parentPort) throw new Error('src/ml/parallel/worker.ts must run as a worker thread')
const port = parentPort

let model: tf.LayersModel | null = null
let optimizer: tf.Optimizer | null = null
let ctx: Extract<ToWorker, { type: 'init' }> | null = null
let gradsSab: SharedArrayBuffer | null = null
let vars: tf.Variable[] = []
let offsets: number[] = []
let paramCount = 0
let lossFunction: LossFunction | null = null
let learningRate: number | null = null

const reply = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer)

function snapshot(): ShapedArray[] {
  return model!.getWeights().map((w) => ({ data: w.dataSync() as Float32Array, shape: w.shape.slice() }))
}

async function init(m: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  ctx = m
  const backend = m.spec.backend ?? 'wasm'
  if (backend === 'wasm') {
    if (!(await initWasmBackend())) throw new Error('worker: wasm backend failed to initialise')
  } else {
    speedUpCpuBackend()
    await tf.setBackend('cpu')
  }
  for (const mod of m.spec.imports ?? []) await import(mod)
  runReplicaInitHooks(m.rank, m.worldSize)
  if (typeof m.spec.loss === 'string') {
    lossFunction = lossFn(m.spec.loss)
  } else if ('registered' in m.spec.loss) {
    const fn = registeredLoss(m.spec.loss.registered)(...(m.spec.loss.args ?? []))
    lossFunction = (labels, logits) => fn(logits, labels)
  } else {
    const { module, factory, args } = m.spec.loss
    const mod = (await import(module)) as Record<string, unknown>
    const make = mod[factory]
    if (typeof make !== 'function') throw new Error(`loss module ${module} has no function export "${factory}"`)
    const fn = (make as (...a: unknown[]) => (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar)(...(args ?? []))
    lossFunction = (labels, logits) => fn(logits, labels)
  }
  model = await tf.models.modelFromJSON({ modelTopology: m.spec.modelTopology } as tf.io.ModelJSON)
  optimizer = makeOptimizer(m.spec.optimizer)
  vars = trainableVariables(model)
  offsets = []
  paramCount = 0
  for (const v of vars) {
    offsets.push(paramCount)
    paramCount += v.size
  }
}

function attach(grads: SharedArrayBuffer): void {
  const need = paramCount * ctx!.worldSize * 4
  if (grads.byteLength < need) throw new Error(`gradient buffer has ${grads.byteLength} bytes, needs ${need}`)
  gradsSab = grads
}

function step(m: Extract<ToWorker, { type: 'step' }>): number {
  const { rank, worldSize, barrier } = ctx!
  if (!gradsSab) throw new Error('no gradient buffer attached')
  const all = new Float32Array(gradsSab)
  const mine = all.subarray(rank * paramCount, (rank + 1) * paramCount)
  let loss = 0
  let failure: Error | null = null
  try {
    if (m.fraction > 0) {
      tf.tidy(() => {
        const xs = tf.tensor(m.xs.data, m.xs.shape)
        const ys = tf.tensor(m.ys.data, m.ys.shape)
        const r = lossAndGrads(model!, lossFunction!, xs, ys)
        loss = r.loss.dataSync()[0]! * m.fraction
        vars.forEach((v, i) => {
          const g = r.grads[v.name]!.dataSync() as Float32Array
          const o = offsets[i]!
          for (let j = 0; j < g.length; j++) mine[o + j] = g[j]! * m.fraction
        })
      })
    } else {
      mine.fill(0)
    }
  } catch (e) {
    // Still meet the others at the barrier (no deadlock), and make every replica skip this update so they stay identical.
    failure = e as Error
    markStepFailed(barrier)
  }
  barrierWait(barrier, worldSize)
  if (stepFailed(barrier)) throw failure ?? new Error('another worker failed this step; no update was applied')
  const sum = new Float32Array(paramCount)
  for (let r = 0; r < worldSize; r++) {
    const slot = all.subarray(r * paramCount, (r + 1) * paramCount)
    for (let j = 0; j < paramCount; j++) sum[j]! += slot[j]!
  }
  tf.tidy(() => {
    const named: tf.NamedTensorMap = {}
    vars.forEach((v, i) => {
      named[v.name] = tf.tensor(sum.subarray(offsets[i]!, offsets[i]! + v.size), v.shape)
    })
    optimizer!.applyGradients(named)
  })
  return loss
}

port.on('message', async (m: ToWorker) => {
  try {
    switch (m.type) {
      case 'init':
        await init(m)
        reply({ type: 'ready', paramCount, weights: snapshot() })
        break
      case 'attach':
        attach(m.grads)
        reply({ type: 'ok' })
        break
      case 'setWeights':
        tf.tidy(() => model!.setWeights(m.weights.map((w) => tf.tensor(w.data, w.shape))))
        reply({ type: 'ok' })
        break
      case 'setLearningRate':
        setLearningRate(optimizer!, m.learningRate)
        learningRate = m.learningRate
        reply({ type: 'ok' })
        break
      case 'resetOptimizer':
        optimizer!.dispose()
        optimizer = makeOptimizer(ctx!.spec.optimizer)
        if (learningRate != null) setLearningRate(optimizer, learningRate)
        reply({ type: 'ok' })
        break
      case 'getWeights':
        reply({ type: 'weights', weights: snapshot() })
        break
      case 'step':
        reply({ type: 'stepped', loss: step(m) })
        break
      case 'predict': {
        const out = tf.tidy(() => model!.predict(tf.tensor(m.xs.data, m.xs.shape)) as tf.Tensor)
        const data = out.dataSync() as Float32Array
        const shape = out.shape.slice()
        out.dispose()
        reply({ type: 'predicted', out: { data, shape } }, [data.buffer as ArrayBuffer])
        break
      }
    }
  } catch (e) {
    const err = e as Error
    reply({ type: 'error', message: `${m.type}: ${err.message}`, stack: err.stack })
  }
})
