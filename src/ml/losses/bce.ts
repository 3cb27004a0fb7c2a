import * as tf from '@tensorflow/tfjs'

/**
 * Binary cross-entropy from logits, the numerically stable form
 *   max(x, 0) − x·z + log(1 + exp(−|x|))
 * which never evaluates exp of a large positive number (sigmoid + log would overflow/underflow).
 * `posWeight`/`negWeight` weight positive and negative targets (class imbalance).
 * Returns the mean over all elements.
 */
export function bceWithLogits(logits: tf.Tensor, targets: tf.Tensor, weights?: { neg: number; pos: number }): tf.Scalar {
  return tf.tidy(() => {
    const x = logits
    const z = targets
    const perElement = tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))))
    if (!weights) return tf.mean(perElement) as tf.Scalar
    const w = tf.add(tf.mul(z, weights.pos), tf.mul(tf.sub(1, z), weights.neg))
    return tf.div(tf.sum(tf.mul(perElement, w)), tf.sum(w)) as tf.Scalar
  })
}
