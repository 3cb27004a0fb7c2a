import * as tf from '@tensorflow/tfjs'

/**
 * Categorical cross-entropy from logits along the last axis: −Σ z·log_softmax(x), averaged over
 * all positions (items, or pixels for segmentation). log_softmax is the stable form
 * (x − max − log Σ exp(x − max)). Optional per-class weights scale each position by the weight
 * of its true class and normalise by the total weight.
 */
export function cceWithLogits(logits: tf.Tensor, oneHot: tf.Tensor, classWeights?: readonly number[]): tf.Scalar {
  return tf.tidy(() => {
    const axis = logits.rank - 1
    const perPos = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, axis)), axis))
    if (!classWeights) return tf.mean(perPos) as tf.Scalar
    const k = logits.shape[axis]
    if (classWeights.length !== k) throw new Error(`classWeights has ${classWeights.length} entries, the model has ${k} classes`)
    const w = tf.sum(tf.mul(oneHot, tf.tensor1d(classWeights as number[])), axis)
    return tf.div(tf.sum(tf.mul(perPos, w)), tf.sum(w)) as tf.Scalar
  })
}
