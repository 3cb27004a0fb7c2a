import * as tf from '@tensorflow/tfjs'

/**
 * The two reference architectures of the "fast training" benchmark, layer
 * for layer as in the issue (and as bench/pytorch_ref.py builds them), so
 * throughput is compared on identical work. Not the product's model factories.
 */

/** 28×28×1 → conv3×3 32 valid+relu → pool2 → conv3×3 64 valid+relu → pool2 → dense 128 relu → dense 10 (logits). 225,034 parameters. */
export function buildReferenceCnn(opts: { inputSize?: number; classes?: number } = {}): tf.LayersModel {
  const size = opts.inputSize ?? 28
  const input = tf.input({ shape: [size, size, 1] })
  let x = tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu' }).apply(input) as tf.SymbolicTensor
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor
  x = tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'valid', activation: 'relu' }).apply(x) as tf.SymbolicTensor
  x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor
  x = tf.layers.dense({ units: 128, activation: 'relu' }).apply(x) as tf.SymbolicTensor
  const out = tf.layers.dense({ units: opts.classes ?? 10 }).apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: out, name: 'reference_cnn' })
}

function convRelu(x: tf.SymbolicTensor, filters: number): tf.SymbolicTensor {
  const a = tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x) as tf.SymbolicTensor
  return tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(a) as tf.SymbolicTensor
}

/**
 * U-Net 128×128×1, filters 16-32-64, bottleneck 128, no batch norm; decoder
 * conv2dTranspose 2×2 stride 2, concat skip, two conv3×3+relu; conv1×1 → 1
 * logit. 481,745 parameters at the default sizes.
 */
export function buildReferenceUnet(opts: { inputSize?: number; filters?: number[]; bottleneck?: number } = {}): tf.LayersModel {
  const size = opts.inputSize ?? 128
  const filters = opts.filters ?? [16, 32, 64]
  const bottleneck = opts.bottleneck ?? 128
  if (size % 2 ** filters.length !== 0) throw new Error(`U-Net inputSize ${size} must be divisible by ${2 ** filters.length}`)
  const input = tf.input({ shape: [size, size, 1] })
  const skips: tf.SymbolicTensor[] = []
  let x: tf.SymbolicTensor = input
  for (const f of filters) {
    x = convRelu(x, f)
    skips.push(x)
    x = tf.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tf.SymbolicTensor
  }
  x = convRelu(x, bottleneck)
  for (let i = filters.length - 1; i >= 0; i--) {
    const f = filters[i]!
    x = tf.layers.conv2dTranspose({ filters: f, kernelSize: 2, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor
    x = tf.layers.concatenate().apply([x, skips[i]!]) as tf.SymbolicTensor
    x = convRelu(x, f)
  }
  const out = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: out, name: 'reference_unet' })
}
