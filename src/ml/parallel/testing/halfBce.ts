import * as tf from '@tensorflow/tfjs'

/** Test fixture for ImportedLoss: half of the sigmoid cross-entropy, in the engine's (logits, targets) order. */
export function makeHalfBce(scale: number): (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar {
  return (logits, targets) => tf.tidy(() => tf.losses.sigmoidCrossEntropy(targets, logits).mul(scale) as tf.Scalar)
}

/** Test fixture: a loss that throws when a label equals 7, to fail one worker's shard only. */
export function makeFailOnSeven(): (logits: tf.Tensor, targets: tf.Tensor) => tf.Scalar {
  return (logits, targets) => {
    if ((targets.dataSync() as Float32Array).includes(7)) throw new Error('label 7 seen')
    return tf.losses.sigmoidCrossEntropy(targets, logits) as tf.Scalar
  }
}
