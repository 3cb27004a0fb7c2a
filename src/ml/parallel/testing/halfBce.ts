import * as tf from '@tensorflow/tfjs'

/** Test fixture for ImportedLoss: half of the sigmoid cross-entropy, in the engine's (logits, targets) order. */
export function makeHalfBce(scale: number): (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar {
  return (logits, targets) => tf.tidy(() => tf.losses.sigmoidCrossEntropy(targets, logits).mul(scale) as tf.Scalar)
}
