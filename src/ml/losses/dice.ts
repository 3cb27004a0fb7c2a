import * as tf from '@tensorflow/tfjs'

/**
 * Soft Dice loss 1 − (2·Σpz + ε)/(Σp + Σz + ε), computed per image and per channel, then
 * averaged: a small lesion counts as much as a large one. `probs` and `targets` are
 * [batch, h, w, channels] probabilities and one-hot (or 0/1) targets.
 */
export function softDiceLoss(probs: tf.Tensor4D, targets: tf.Tensor4D, smooth = 1): tf.Scalar {
  return tf.tidy(() => {
    const inter = tf.sum(tf.mul(probs, targets), [1, 2])
    const denom = tf.add(tf.sum(probs, [1, 2]), tf.sum(targets, [1, 2]))
    const dice = tf.div(tf.add(tf.mul(inter, 2), smooth), tf.add(denom, smooth))
    return tf.sub(1, tf.mean(dice)) as tf.Scalar
  })
}
