// Validation pass: loss and metrics of a model on prepared examples, no augmentation, no
// gradients. Thresholds: 0.5 for binary outputs, argmax for multi-class.
import * as tf from '@tensorflow/tfjs'
import type { Example } from './data/dataset'
import { makeBatch } from './data/dataset'
import { toBatches } from './data/sampler'
import type { LossFn } from './losses'
import {
  accuracy,
  binaryCounts,
  confusionMatrix,
  diceForLabel,
  f1,
  iouForLabel,
  macroScores,
  mean,
  precision,
  rocAuc,
  sensitivity,
  specificity,
} from './metrics'

export interface SegEval {
  valLoss: number
  valDice: number
  valIoU: number
  perImageDice: number[]
}

export interface ClsEval {
  valLoss: number
  valAccuracy: number
  sensitivity: number
  specificity: number
  precision: number
  f1: number
  auc: number
  confusion: number[][]
  /** Per-item class probabilities. */
  probs: number[][]
}

/** Thrown when a cancel arrives during validation: the epoch is dropped, the best checkpoint stays. */
export class EvaluationCancelled extends Error {
  constructor() {
    super('cancelled during validation')
    this.name = 'EvaluationCancelled'
  }
}

/** Probabilities from logits: sigmoid for one output, softmax over the last axis otherwise. */
export function logitsToProbs(logits: tf.Tensor, outputs: number): tf.Tensor {
  return outputs === 1 ? tf.sigmoid(logits) : tf.softmax(logits, -1)
}

/** Logits of a batch in inference mode; the caller disposes them. */
export type Forward = (xs: tf.Tensor4D) => Promise<tf.Tensor>

/** A Forward for a model in this thread. */
export function forwardOf(model: tf.LayersModel): Forward {
  return async (xs) => tf.tidy(() => model.apply(xs, { training: false }) as tf.Tensor)
}

async function forEachBatch(
  forward: Forward,
  examples: readonly Example[],
  inputSize: number,
  outputs: number,
  batchSize: number,
  loss: LossFn,
  visit: (indices: number[], probs: Float32Array) => void,
  shouldCancel?: () => boolean,
): Promise<number> {
  let lossSum = 0
  for (const indices of toBatches(examples.map((_, i) => i), batchSize)) {
    if (shouldCancel?.()) throw new EvaluationCancelled()
    const { xs, ys } = makeBatch(examples, indices, inputSize, outputs, null)
    const logits = await forward(xs)
    const [lossT, probsT] = tf.tidy(() => [loss(logits, ys), logitsToProbs(logits, outputs)])
    lossSum += (await lossT.data())[0] * indices.length
    visit(indices, (await probsT.data()) as Float32Array)
    tf.dispose([xs, ys, logits, lossT, probsT])
    // Let cancel messages in between batches.
    await new Promise((r) => setImmediate(r))
  }
  return lossSum / examples.length
}

export async function evaluateSegmentation(
  forward: Forward,
  examples: readonly Example[],
  inputSize: number,
  outputs: number,
  batchSize: number,
  loss: LossFn,
  shouldCancel?: () => boolean,
): Promise<SegEval> {
  const px = inputSize * inputSize
  const dices: number[] = []
  const ious: number[] = []
  const classes = Math.max(1, outputs - 1)
  const valLoss = await forEachBatch(forward, examples, inputSize, outputs, batchSize, loss, (indices, probs) => {
    indices.forEach((ix, b) => {
      const truth = examples[ix].mask!
      const pred = new Uint8Array(px)
      if (outputs === 1) {
        for (let i = 0; i < px; i++) pred[i] = probs[b * px + i] >= 0.5 ? 1 : 0
      } else {
        for (let i = 0; i < px; i++) {
          const base = (b * px + i) * outputs
          let best = 0
          for (let k = 1; k < outputs; k++) if (probs[base + k] > probs[base + best]) best = k
          pred[i] = best
        }
      }
      const d: number[] = []
      const u: number[] = []
      for (let k = 1; k <= classes; k++) {
        d.push(diceForLabel(pred, truth, k))
        u.push(iouForLabel(pred, truth, k))
      }
      dices.push(mean(d))
      ious.push(mean(u))
    })
  }, shouldCancel)
  return { valLoss, valDice: mean(dices), valIoU: mean(ious), perImageDice: dices }
}

export async function evaluateClassification(
  forward: Forward,
  examples: readonly Example[],
  inputSize: number,
  outputs: number,
  batchSize: number,
  loss: LossFn,
  shouldCancel?: () => boolean,
): Promise<ClsEval> {
  const probs: number[][] = new Array(examples.length)
  const valLoss = await forEachBatch(forward, examples, inputSize, outputs, batchSize, loss, (indices, p) => {
    indices.forEach((ix, b) => {
      probs[ix] = outputs === 1 ? [1 - p[b], p[b]] : Array.from(p.subarray(b * outputs, (b + 1) * outputs))
    })
  }, shouldCancel)
  const truth = examples.map((e) => e.classIndex!)
  const k = probs[0]?.length ?? 2
  const pred = probs.map((r) => r.indexOf(Math.max(...r)))
  const confusion = confusionMatrix(truth, pred, k)
  if (k === 2) {
    const c = binaryCounts(truth, pred, 1)
    return {
      valLoss,
      valAccuracy: accuracy(truth, pred),
      sensitivity: sensitivity(c),
      specificity: specificity(c),
      precision: precision(c),
      f1: f1(c),
      auc: rocAuc(probs.map((r) => r[1]), truth.map((t) => (t === 1 ? 1 : 0))),
      confusion,
      probs,
    }
  }
  // Multi-class: macro one-vs-rest averages.
  const macro = macroScores(confusion)
  const aucs: number[] = []
  for (let c = 0; c < k; c++) {
    const a = rocAuc(probs.map((r) => r[c]), truth.map((t) => (t === c ? 1 : 0)))
    if (!Number.isNaN(a)) aucs.push(a)
  }
  return { valLoss, valAccuracy: accuracy(truth, pred), ...macro, auc: mean(aucs), confusion, probs }
}
