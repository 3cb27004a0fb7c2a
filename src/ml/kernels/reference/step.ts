import * as tf from '@tensorflow/tfjs'

export type LossName = 'softmaxCrossEntropy' | 'sigmoidCrossEntropy'
/** A loss on (labels, logits) returning the batch mean. */
export type LossFunction = (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar
export type OptimizerConfig = { name: 'adam'; learningRate?: number } | { name: 'sgd'; learningRate?: number }

/** Losses on logits (numerically stable forms), mean over the batch. */
export function lossFn(name: LossName): (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  switch (name) {
    case 'softmaxCrossEntropy':
      return (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar
    case 'sigmoidCrossEntropy':
      return (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar
    default:
      throw new Error(`unknown loss "${String(name)}": expected softmaxCrossEntropy or sigmoidCrossEntropy`)
  }
}

export function makeOptimizer(cfg: OptimizerConfig): tf.Optimizer {
  switch (cfg.name) {
    case 'adam':
      return tf.train.adam(cfg.learningRate ?? 1e-3)
    case 'sgd':
      return tf.train.sgd(cfg.learningRate ?? 1e-2)
    default:
      throw new Error(`unknown optimizer "${String((cfg as { name: unknown }).name)}": expected adam or sgd`)
  }
}

/** Changes the learning rate of an optimiser made by makeOptimizer (for schedules). */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  if (!(lr > 0)) throw new Error(`learning rate must be > 0, got ${lr}`)
  const o = opt as tf.Optimizer & { learningRate: number; setLearningRate?: (lr: number) => void }
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr)
  else o.learningRate = lr
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable)
}

/** Loss and gradients for one batch, without applying them. */
export function lossAndGrads(
  model: tf.LayersModel,
  loss: LossName | LossFunction,
  xs: tf.Tensor,
  ys: tf.Tensor,
): { loss: tf.Scalar; grads: tf.NamedTensorMap } {
  const f = typeof loss === 'function' ? loss : lossFn(loss)
  const vars = trainableVariables(model)
  const { value, grads } = tf.variableGrads(() => f(ys, model.apply(xs, { training: true }) as tf.Tensor), vars)
  return { loss: value, grads }
}

/** One optimiser step; returns the loss as a number. */
export function trainStep(model: tf.LayersModel, opt: tf.Optimizer, loss: LossName | LossFunction, xs: tf.Tensor, ys: tf.Tensor): number {
  const f = typeof loss === 'function' ? loss : lossFn(loss)
  const cost = opt.minimize(() => f(ys, model.apply(xs, { training: true }) as tf.Tensor), true, trainableVariables(model))
  const v = cost!.dataSync()[0]!
  cost!.dispose()
  return v
}
