import * as tf from '@tensorflow/tfjs'
import { requireBool, requireInt, requireNumber, seedSequence } from './validate'
import { SeededDropout } from './seeded-dropout'

export interface CnnOptions {
  inputSize: number
  channels?: number
  /** Filters of each conv–pool block, e.g. [32, 64]. */
  blockFilters: number[]
  /** 3×3 convs per block (1 = the seed's simple CNN, 2 = VGG style). */
  convsPerBlock?: number
  /** 'valid' (the seed's CNN) or 'same' (VGG). */
  padding?: 'valid' | 'same'
  denseUnits: number
  batchNorm?: boolean
  /** Dropout before the output layer (0 = none). */
  dropout?: number
  /** Image classes: 2 → one logit (sigmoid); k > 2 → k logits (softmax). */
  classes: number
  seed?: number
}

export const cnnOutputs = (classes: number) => (classes === 2 ? 1 : classes)
/** Name of the last conv layer, for Grad-CAM. */
export const LAST_CONV = 'last_conv'

/** Conv–pool blocks → flatten → dense ReLU → logits (no activation; the losses take logits). */
export function createCnn(opts: CnnOptions): tf.LayersModel {
  const inputSize = requireInt('inputSize', opts.inputSize, 8, 2048)
  const channels = requireInt('channels', opts.channels ?? 1, 1, 16)
  if (!Array.isArray(opts.blockFilters) || opts.blockFilters.length === 0) {
    throw new RangeError(`blockFilters must list at least one block's filters, got ${JSON.stringify(opts.blockFilters)}`)
  }
  opts.blockFilters.forEach((f, i) => requireInt(`blockFilters[${i}]`, f, 1, 1024))
  const convs = requireInt('convsPerBlock', opts.convsPerBlock ?? 1, 1, 4)
  const padding = opts.padding ?? 'valid'
  if (padding !== 'valid' && padding !== 'same') throw new RangeError(`padding must be 'valid' or 'same', got ${String(padding)}`)
  const dense = requireInt('denseUnits', opts.denseUnits, 1, 8192)
  const batchNorm = requireBool('batchNorm', opts.batchNorm ?? false)
  const dropout = requireNumber('dropout', opts.dropout ?? 0, 0, 0.9)
  const classes = requireInt('classes', opts.classes, 2, 1000)
  const nextSeed = seedSequence(requireInt('seed', opts.seed ?? 42, 0, 2 ** 31 - 1))

  // Check the blocks fit the input before building: each 'valid' conv loses 2 pixels, each pool halves.
  let side = inputSize
  opts.blockFilters.forEach((_, i) => {
    if (padding === 'valid') side -= 2 * convs
    side = Math.floor(side / 2)
    if (side < 1) throw new RangeError(`inputSize ${inputSize} is too small for ${opts.blockFilters.length} blocks (block ${i} leaves no pixels)`)
  })

  const input = tf.input({ shape: [inputSize, inputSize, channels], name: 'image' })
  let x: tf.SymbolicTensor = input
  const nBlocks = opts.blockFilters.length
  opts.blockFilters.forEach((filters, b) => {
    for (let c = 0; c < convs; c++) {
      const last = b === nBlocks - 1 && c === convs - 1
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding,
          useBias: !batchNorm,
          kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }),
          name: last && !batchNorm ? LAST_CONV : `block${b}_conv${c}`,
        })
        .apply(x) as tf.SymbolicTensor
      if (batchNorm) x = tf.layers.batchNormalization({ momentum: 0.9, name: `block${b}_bn${c}` }).apply(x) as tf.SymbolicTensor
      x = tf.layers.reLU({ name: last && batchNorm ? LAST_CONV : `block${b}_relu${c}` }).apply(x) as tf.SymbolicTensor
    }
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `block${b}_pool` }).apply(x) as tf.SymbolicTensor
  })
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor
  x = tf.layers
    .dense({ units: dense, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: nextSeed() }), name: 'dense' })
    .apply(x) as tf.SymbolicTensor
  if (dropout > 0) x = new SeededDropout({ rate: dropout, seed: nextSeed(), name: 'dropout' }).apply(x) as tf.SymbolicTensor
  const logits = tf.layers
    .dense({ units: cnnOutputs(classes), kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }), name: 'logits' })
    .apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: 'cnn' })
}
