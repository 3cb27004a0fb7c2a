import * as tf from '@tensorflow/tfjs'

/**
 * Dropout whose mask changes every training call yet is reproducible from the seed.
 * (tf.layers.dropout with a seed draws the SAME mask every step; without one it uses an
 * unseeded generator, so runs could not be repeated.)
 */
let replicaStream = 0

/**
 * Data-parallel replicas each see a different shard of the batch: giving each its own
 * stream keeps their masks independent (and each still reproducible from the seed).
 */
export function setDropoutReplica(rank: number): void {
  replicaStream = rank
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'RadlabSeededDropout'
  private readonly rate: number
  private readonly seed: number
  private calls = 0

  constructor(args: { rate: number; seed: number; name?: string }) {
    super({ name: args.name })
    this.rate = args.rate
    this.seed = args.seed
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (!kwargs?.training || this.rate === 0) return x
    return tf.tidy(() => {
      const keep = 1 - this.rate
      const mask = tf.step(tf.sub(tf.randomUniform(x.shape, 0, 1, 'float32', this.seed + this.calls++ * 7919 + replicaStream * 104_729), this.rate))
      return tf.div(tf.mul(x, mask), keep)
    })
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
tf.serialization.registerClass(SeededDropout)
