import { Worker } from 'node:worker_threads'
import { BARRIER_BYTES, clearStepFailed } from './barrier'
import type { FromWorker, ParallelTrainerSpec, ShapedArray, ToWorker } from './protocol'

export type { ImportedLoss, ParallelTrainerSpec, RegisteredLoss, ShapedArray } from './protocol'

export interface DataParallelTrainer {
  readonly workers: number
  readonly paramCount: number
  /** One optimiser step on the whole batch (split across workers along axis 0); resolves to the batch's mean loss. */
  trainStep(xs: ShapedArray, ys: ShapedArray): Promise<number>
  /** Forward pass of the batch, split across workers; outputs concatenated in order. */
  predict(xs: ShapedArray): Promise<ShapedArray>
  /** Current weights (identical in every worker; read from worker 0), in model.getWeights() order. */
  getWeights(): Promise<ShapedArray[]>
  setWeights(weights: ShapedArray[]): Promise<void>
  /**
   * Makes every replica's state identical again and returns it: weights that differ between
   * replicas (batch-norm moving statistics, which each worker updates from its own shard) are
   * averaged; trainable weights are identical already and stay bit-exact.
   */
  syncState(): Promise<ShapedArray[]>
  /** Forgets the optimiser's moments (e.g. after timing trial steps); the learning rate stays. */
  resetOptimizer(): Promise<void>
  /** For learning-rate schedules: applies to every worker's optimiser from the next step. */
  setLearningRate(learningRate: number): Promise<void>
  dispose(): Promise<void>
}

export interface CreateOptions extends ParallelTrainerSpec {
  workers?: number
  /** Starting weights (model.getWeights() order). Default: worker 0's fresh initialisation, copied to all. */
  initialWeights?: ShapedArray[]
  /** Override the worker entry (e.g. a bundled .js file in the packaged app). */
  workerUrl?: URL
}

/** Splits n rows into `parts` contiguous shards whose sizes differ by at most one. */
export function shardSizes(n: number, parts: number): number[] {
  const base = Math.floor(n / parts)
  const extra = n % parts
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0))
}

function shard(a: ShapedArray, start: number, rows: number): ShapedArray {
  const row = a.shape.slice(1).reduce((p, q) => p * q, 1)
  return { data: a.data.slice(start * row, (start + rows) * row), shape: [rows, ...a.shape.slice(1)] }
}

/** Per weight: replica 0's array where all replicas agree exactly, else the element-wise mean. */
export function averageDiffering(perReplica: ShapedArray[][]): { weights: ShapedArray[]; changed: boolean } {
  const first = perReplica[0]!
  let changed = false
  const weights = first.map((w, i) => {
    const copies = perReplica.map((r) => r[i]!.data)
    const same = copies.every((c) => c.length === w.data.length && c.every((v, j) => v === w.data[j]))
    if (same) return w
    changed = true
    const mean = new Float32Array(w.data.length)
    for (const c of copies) for (let j = 0; j < mean.length; j++) mean[j]! += c[j]!
    for (let j = 0; j < mean.length; j++) mean[j]! /= copies.length
    return { data: mean, shape: w.shape }
  })
  return { weights, changed }
}

class Replica {
  private pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null
  private failure: Error | null = null

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const p = this.pending
      this.pending = null
      if (!p) return
      if (m.type === 'error') p.reject(new Error(`data-parallel worker: ${m.message}`))
      else p.resolve(m)
    })
    const fail = (e: Error) => {
      this.failure = e
      this.pending?.reject(e)
      this.pending = null
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`data-parallel worker exited with code ${code}`))
    })
  }

  call(m: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.pending) return Promise.reject(new Error('data-parallel worker is busy: await the previous call first'))
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject }
      this.worker.postMessage(m, transfer)
    })
  }
}

/**
 * Starts the worker entry. Under tsx/vitest this module is TypeScript, and a
 * worker thread does not inherit the parent's loader: worker-boot.mjs
 * registers tsx in the worker before importing worker.ts. A built app passes
 * its bundled worker file as `workerUrl`; a .ts `workerUrl` gets the same bootstrap.
 */
function startWorker(workerUrl: URL | undefined): Worker {
  const url = workerUrl ?? new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url)
  if (!url.pathname.endsWith('.ts')) return new Worker(url)
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: url.href } })
}

/**
 * Data-parallel training on worker threads, each with its own tfjs backend
 * (wasm runs single-threaded in Node, so this is how a second core gets used).
 * Every step: shards go to the workers, each computes gradients on its shard,
 * gradients are summed (weighted by shard size) through shared memory, and
 * every worker applies the same update, so weights stay identical and match
 * single-worker training on the full batch up to float rounding.
 * Non-trainable state (e.g. batch-norm moving statistics) is per worker;
 * getWeights() reports worker 0's.
 */
export async function createDataParallelTrainer(opts: CreateOptions): Promise<DataParallelTrainer> {
  const n = opts.workers ?? 2
  if (!Number.isInteger(n) || n < 1) throw new Error(`createDataParallelTrainer: workers must be a positive integer, got ${opts.workers}`)
  const spec: ParallelTrainerSpec = {
    modelTopology: opts.modelTopology, optimizer: opts.optimizer, loss: opts.loss, imports: opts.imports, backend: opts.backend,
  }
  const replicas = Array.from({ length: n }, () => new Replica(startWorker(opts.workerUrl)))
  const barrier = new SharedArrayBuffer(BARRIER_BYTES)
  const dispose = async () => {
    await Promise.all(replicas.map((r) => r.worker.terminate()))
  }
  try {
    const ready = (await Promise.all(
      replicas.map((r, rank) => r.call({ type: 'init', spec, rank, worldSize: n, barrier })),
    )) as Extract<FromWorker, { type: 'ready' }>[]
    const paramCount = ready[0]!.paramCount
    if (ready.some((m) => m.paramCount !== paramCount)) throw new Error('data-parallel workers built models of different sizes')
    const grads = new SharedArrayBuffer(paramCount * n * 4)
    await Promise.all(replicas.map((r) => r.call({ type: 'attach', grads })))
    const setWeights = async (weights: ShapedArray[]) => {
      await Promise.all(replicas.map((r) => r.call({ type: 'setWeights', weights })))
    }
    await setWeights(opts.initialWeights ?? ready[0]!.weights)

    return {
      workers: n,
      paramCount,
      async trainStep(xs, ys) {
        const rows = xs.shape[0]!
        if (ys.shape[0] !== rows) throw new Error(`trainStep: xs has ${rows} rows but ys has ${ys.shape[0]}`)
        if (rows === 0) throw new Error('trainStep: empty batch')
        const sizes = shardSizes(rows, n)
        let start = 0
        clearStepFailed(barrier)
        const calls = replicas.map((r, i) => {
          const x = shard(xs, start, sizes[i]!)
          const y = shard(ys, start, sizes[i]!)
          start += sizes[i]!
          return r.call({ type: 'step', xs: x, ys: y, fraction: sizes[i]! / rows }, [x.data.buffer as ArrayBuffer, y.data.buffer as ArrayBuffer])
        })
        // allSettled: a failed step rejects only after every worker has answered, so the next call never finds one busy.
        const settled = await Promise.allSettled(calls)
        const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error)
        // Report the worker that failed, not the ones that only skipped the update because of it.
        if (failures.length) throw failures.find((e) => !/another worker failed/.test(e.message)) ?? failures[0]
        const replies = settled.map((r) => (r as PromiseFulfilledResult<FromWorker>).value) as Extract<FromWorker, { type: 'stepped' }>[]
        // Sum in rank order, as the workers do with the gradients.
        return replies.reduce((acc, m) => acc + m.loss, 0)
      },
      async predict(xs) {
        const sizes = shardSizes(xs.shape[0]!, n)
        let start = 0
        const calls: Promise<FromWorker>[] = []
        replicas.forEach((r, i) => {
          if (sizes[i] === 0) return
          const x = shard(xs, start, sizes[i]!)
          start += sizes[i]!
          calls.push(r.call({ type: 'predict', xs: x }, [x.data.buffer as ArrayBuffer]))
        })
        const outs = ((await Promise.all(calls)) as Extract<FromWorker, { type: 'predicted' }>[]).map((m) => m.out)
        const total = outs.reduce((a, o) => a + o.data.length, 0)
        const data = new Float32Array(total)
        let off = 0
        for (const o of outs) {
          data.set(o.data, off)
          off += o.data.length
        }
        return { data, shape: [xs.shape[0]!, ...outs[0]!.shape.slice(1)] }
      },
      async getWeights() {
        const m = (await replicas[0]!.call({ type: 'getWeights' })) as Extract<FromWorker, { type: 'weights' }>
        return m.weights
      },
      setWeights,
      async syncState() {
        const all = (await Promise.all(replicas.map((r) => r.call({ type: 'getWeights' })))).map((m) => (m as Extract<FromWorker, { type: 'weights' }>).weights)
        const merged = averageDiffering(all)
        if (merged.changed) await setWeights(merged.weights)
        return merged.weights
      },
      async resetOptimizer() {
        await Promise.all(replicas.map((r) => r.call({ type: 'resetOptimizer' })))
      },
      async setLearningRate(learningRate) {
        await Promise.all(replicas.map((r) => r.call({ type: 'setLearningRate', learningRate })))
      },
      dispose,
    }
  } catch (e) {
    await dispose()
    throw e
  }
}
