import type { LossName, OptimizerConfig } from '../kernels/reference/step'

/**
 * A loss the workers import themselves: `module` (a file URL or package
 * specifier) exports `factory`, called with `args`, returning
 * `(logits, targets) => tf.Scalar` (the training engine's LossFn shape).
 */
export interface ImportedLoss {
  module: string
  factory: string
  args?: unknown[]
}

/** A loss factory the worker entry registered (see replica-hooks.ts), called with `args`. */
export interface RegisteredLoss {
  registered: string
  args?: unknown[]
}

/** A dense float32 array with its shape, as sent between threads. */
export interface ShapedArray {
  data: Float32Array
  shape: number[]
}

/** JSON-serialisable description of what each worker builds. */
export interface ParallelTrainerSpec {
  /** tfjs-layers topology, e.g. `model.toJSON(null, false)` or `JSON.parse(model.toJSON())`. */
  modelTopology: object
  optimizer: OptimizerConfig
  loss: LossName | ImportedLoss | RegisteredLoss
  /** Modules each worker imports before building the model, e.g. the one registering custom layers. */
  imports?: string[]
  /** 'wasm' (default) or 'cpu'. Each worker initialises its own backend. */
  backend?: 'wasm' | 'cpu'
}

export type ToWorker =
  | {
      type: 'init'
      spec: ParallelTrainerSpec
      rank: number
      worldSize: number
      barrier: SharedArrayBuffer
    }
  /** Sent after every worker reported its parameter count: worldSize slots of paramCount float32 each. */
  | { type: 'attach'; grads: SharedArrayBuffer }
  | { type: 'setWeights'; weights: ShapedArray[] }
  | { type: 'getWeights' }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'step'; xs: ShapedArray; ys: ShapedArray; fraction: number }
  | { type: 'predict'; xs: ShapedArray }
  /** Fresh optimiser state (after a timing trial), keeping the current learning rate. */
  | { type: 'resetOptimizer' }

export type FromWorker =
  | { type: 'ready'; paramCount: number; weights: ShapedArray[] }
  | { type: 'ok' }
  | { type: 'weights'; weights: ShapedArray[] }
  | { type: 'stepped'; loss: number }
  | { type: 'predicted'; out: ShapedArray }
  | { type: 'error'; message: string; stack?: string }
