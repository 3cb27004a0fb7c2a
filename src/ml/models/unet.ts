import * as tf from '@tensorflow/tfjs'
import { requireBool, requireInt, requireNumber, seedSequence } from './validate'
import { SeededDropout } from './seeded-dropout'

export interface UNetOptions {
  /** Square input side in pixels; must be divisible by 2^depth. */
  inputSize: number
  /** Input channels (1 for greyscale medical images). */
  channels?: number
  /** Number of down-sampling levels (the bottleneck sits below them). */
  depth: number
  /** Filters at the first level, doubled at each level below. */
  baseFilters: number
  batchNorm?: boolean
  /** Dropout rate in the bottleneck (0 = none). */
  dropout?: number
  /** Mask classes, background excluded: 1 → one logit (sigmoid); k > 1 → k+1 logits (softmax). */
  classes: number
  seed?: number
}

/** Number of output channels for a number of mask classes. */
export const unetOutputs = (classes: number) => (classes === 1 ? 1 : classes + 1)

/**
 * The seed lecture's U-Net: per level two 3×3 'same' convs + ReLU then 2×2 max-pool; a
 * bottleneck of twice the last level's filters; a decoder of 2×2 stride-2 transposed convs,
 * concatenation with the skip, two 3×3 convs; a final 1×1 conv to logits (no activation: the
 * losses work on logits).
 */
export function createUNet(opts: UNetOptions): tf.LayersModel {
  const depth = requireInt('depth', opts.depth, 1, 6)
  const inputSize = requireInt('inputSize', opts.inputSize, 2 ** depth, 2048)
  if (inputSize % 2 ** depth !== 0) {
    throw new RangeError(`inputSize must be divisible by 2^depth = ${2 ** depth}, got ${inputSize}`)
  }
  const channels = requireInt('channels', opts.channels ?? 1, 1, 16)
  const base = requireInt('baseFilters', opts.baseFilters, 1, 256)
  const batchNorm = requireBool('batchNorm', opts.batchNorm ?? false)
  const dropout = requireNumber('dropout', opts.dropout ?? 0, 0, 0.9)
  const classes = requireInt('classes', opts.classes, 1, 255)
  const nextSeed = seedSequence(requireInt('seed', opts.seed ?? 42, 0, 2 ** 31 - 1))

  const conv = (x: tf.SymbolicTensor, filters: number, name: string) => {
    let y = tf.layers
      .conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias: !batchNorm,
        kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
        name,
      })
      .apply(x) as tf.SymbolicTensor
    if (batchNorm) y = tf.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn` }).apply(y) as tf.SymbolicTensor
    return tf.layers.reLU({ name: `${name}_relu` }).apply(y) as tf.SymbolicTensor
  }
  const block = (x: tf.SymbolicTensor, filters: number, name: string) => conv(conv(x, filters, `${name}_a`), filters, `${name}_b`)

  const input = tf.input({ shape: [inputSize, inputSize, channels], name: 'image' })
  const skips: tf.SymbolicTensor[] = []
  let x = input
  for (let level = 0; level < depth; level++) {
    const y = block(x, base * 2 ** level, `enc${level}`)
    skips.push(y)
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level}` }).apply(y) as tf.SymbolicTensor
  }
  x = block(x, base * 2 ** depth, 'bottleneck')
  if (dropout > 0) x = new SeededDropout({ rate: dropout, seed: nextSeed(), name: 'bottleneck_dropout' }).apply(x) as tf.SymbolicTensor
  for (let level = depth - 1; level >= 0; level--) {
    const filters = base * 2 ** level
    const up = tf.layers
      .conv2dTranspose({
        filters,
        kernelSize: 2,
        strides: 2,
        padding: 'same',
        kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
        name: `up${level}`,
      })
      .apply(x) as tf.SymbolicTensor
    const cat = tf.layers.concatenate({ name: `cat${level}` }).apply([up, skips[level]]) as tf.SymbolicTensor
    x = block(cat, filters, `dec${level}`)
  }
  const logits = tf.layers
    .conv2d({
      filters: unetOutputs(classes),
      kernelSize: 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      name: 'logits',
    })
    .apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: 'unet' })
}
