// Data-parallel StepRunner: the engine's model, loss and Adam replicated on worker threads
// (each with its own wasm or cpu backend), gradients averaged every step. The model in this
// thread only receives the trained weights when a checkpoint is due.
import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LossName } from '../shared/trainer-protocol'
import { createDataParallelTrainer, type DataParallelTrainer, type ShapedArray } from './parallel'
import type { StepRunner } from './step-runner'

/**
 * The engine's worker entry: the TypeScript source under tsx/vitest, the bundled
 * `train-worker.js` in a built app (next to trainer.js, or one folder up from a chunk).
 */
export function engineWorkerUrl(): URL {
  if (import.meta.url.endsWith('.ts')) return new URL('./parallel/engine-worker.ts', import.meta.url)
  for (const rel of ['./train-worker.js', '../train-worker.js']) {
    const u = new URL(rel, import.meta.url)
    if (existsSync(fileURLToPath(u))) return u
  }
  throw new Error(`the training worker bundle train-worker.js was not found next to ${fileURLToPath(import.meta.url)}`)
}

function shaped(t: tf.Tensor): ShapedArray {
  return { data: t.dataSync() as Float32Array, shape: t.shape.slice() }
}

export interface ParallelRunnerOptions {
  model: tf.LayersModel
  loss: LossName
  outputs: number
  classWeights: number[] | null
  lr: number
  backend: 'wasm' | 'cpu'
  workers: number
}

export class ParallelStepRunner implements StepRunner {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly trainer: DataParallelTrainer,
  ) {}

  get workers(): number {
    return this.trainer.workers
  }

  static async create(o: ParallelRunnerOptions): Promise<ParallelStepRunner> {
    const trainer = await createDataParallelTrainer({
      modelTopology: o.model.toJSON(null, false) as object,
      optimizer: { name: 'adam', learningRate: o.lr },
      loss: { registered: 'radlab', args: [o.loss, o.outputs, o.classWeights] },
      backend: o.backend,
      workers: o.workers,
      initialWeights: o.model.getWeights().map(shaped),
      workerUrl: engineWorkerUrl(),
    })
    return new ParallelStepRunner(o.model, trainer)
  }

  async trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<number> {
    // Targets cross to the workers as float32 (the engine's batches already are).
    if (ys.dtype === 'float32') return this.trainer.trainStep(shaped(xs), shaped(ys))
    const y = ys.toFloat()
    try {
      return await this.trainer.trainStep(shaped(xs), shaped(y))
    } finally {
      y.dispose()
    }
  }

  async logits(xs: tf.Tensor): Promise<tf.Tensor> {
    const out = await this.trainer.predict(shaped(xs))
    return tf.tensor(out.data, out.shape)
  }

  async setLearningRate(lr: number): Promise<void> {
    await this.trainer.setLearningRate(lr)
  }

  async syncModel(): Promise<void> {
    const weights = await this.trainer.syncState()
    tf.tidy(() => this.model.setWeights(weights.map((w) => tf.tensor(w.data, w.shape))))
  }

  /** Back to the starting weights and a fresh optimiser (after timing trial steps). */
  async restart(initial: ShapedArray[]): Promise<void> {
    await this.trainer.setWeights(initial)
    await this.trainer.resetOptimizer()
  }

  async dispose(): Promise<void> {
    await this.trainer.dispose()
  }
}

/** Forward passes only (prediction): the model replicated on `workers` threads, each batch split between them. */
export async function createParallelForward(model: tf.LayersModel, backend: 'wasm' | 'cpu', workers: number): Promise<{ forward: (xs: tf.Tensor) => Promise<tf.Tensor>; dispose: () => Promise<void> }> {
  const trainer = await createDataParallelTrainer({
    modelTopology: model.toJSON(null, false) as object,
    // Never stepped: any optimiser and loss will do.
    optimizer: { name: 'sgd' },
    loss: 'sigmoidCrossEntropy',
    backend,
    workers,
    initialWeights: model.getWeights().map(shaped),
    workerUrl: engineWorkerUrl(),
  })
  return {
    forward: async (xs) => {
      const out = await trainer.predict(shaped(xs))
      return tf.tensor(out.data, out.shape)
    },
    dispose: () => trainer.dispose(),
  }
}
