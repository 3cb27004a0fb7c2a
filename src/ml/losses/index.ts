// Loss selection for a model's output: binary models have one logit (sigmoid), multi-class
// models one logit per class (softmax, background included for segmentation).
import * as tf from '@tensorflow/tfjs'
import type { LossName } from '../../shared/trainer-protocol'
import { bceWithLogits } from './bce'
import { softDiceLoss } from './dice'
import { cceWithLogits } from './cce'

export { bceWithLogits, softDiceLoss, cceWithLogits }

/** logits: model output; targets: 0/1 for one output, one-hot for several. */
export type LossFn = (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar

export function makeLoss(name: LossName, outputs: number, classWeights: readonly number[] | null): LossFn {
  if (!Number.isInteger(outputs) || outputs < 1) throw new Error(`outputs must be a positive integer, got ${outputs}`)
  const binary = outputs === 1
  if (classWeights && classWeights.length !== (binary ? 2 : outputs)) {
    throw new Error(`classWeights must have ${binary ? 2 : outputs} entries, got ${classWeights.length}`)
  }
  const bw = binary && classWeights ? { neg: classWeights[0], pos: classWeights[1] } : undefined
  const ce: LossFn = binary
    ? (x, z) => bceWithLogits(x, z, bw)
    : (x, z) => cceWithLogits(x, z, classWeights ?? undefined)
  // Dice on foreground channels only: the background channel would dominate a multi-class Dice.
  const dice: LossFn = (x, z) =>
    tf.tidy(() => {
      if (x.rank !== 4) throw new Error(`Dice loss needs [batch,h,w,c] outputs, got rank ${x.rank}`)
      if (binary) return softDiceLoss(tf.sigmoid(x) as tf.Tensor4D, z as tf.Tensor4D)
      const p = tf.softmax(x)
      const [b, h, w, c] = x.shape as number[]
      const fg = (t: tf.Tensor) => tf.slice(t, [0, 0, 0, 1], [b, h, w, c - 1]) as tf.Tensor4D
      return softDiceLoss(fg(p), fg(z))
    })
  switch (name) {
    case 'bce':
    case 'cce':
      return ce
    case 'dice':
      return dice
    case 'bce_dice':
      return (x, z) => tf.tidy(() => tf.add(ce(x, z), dice(x, z)) as tf.Scalar)
  }
}
