// Turns snapshot items into model-ready examples (normalised, resized, cached for the run)
// and examples into batch tensors (augmented for training only).
import * as tf from '@tensorflow/tfjs'
import type { Normalisation, SnapshotClass, SnapshotItem } from '../../shared/trainer-protocol'
import type { Task } from '../../shared/domain'
import { DataError, type ProjectReader, type RawImage } from './project-reader'
import { normalise } from './normalise'
import { resizeBilinear, resizeNearest } from './resample'
import { augment } from './augment'

export interface Example {
  imageId: number
  /** Normalised intensities at inputSize × inputSize. */
  image: Float32Array
  /** Segmentation: class-index map at input size (0 = background, k = classes[k-1]). */
  mask?: Uint8Array
  /** Classification: index into the snapshot's classes. */
  classIndex?: number
}

/** Maps label-map values to class indices: value of classes[k] → k + 1, anything else → 0. */
export function labelsToClassIndex(labels: Uint8Array, classes: readonly SnapshotClass[]): Uint8Array {
  const lut = new Uint8Array(256)
  classes.forEach((c, k) => {
    if (c.value != null) lut[c.value] = k + 1
  })
  const out = new Uint8Array(labels.length)
  for (let i = 0; i < labels.length; i++) out[i] = lut[labels[i]]
  return out
}

export function prepareImage(raw: RawImage, inputSize: number, mode: Normalisation): Float32Array {
  const norm = normalise(raw.pixels, mode, raw.window, raw.min, raw.max)
  return resizeBilinear(norm, raw.width, raw.height, inputSize, inputSize)
}

export function prepareExamples(
  reader: ProjectReader,
  items: readonly SnapshotItem[],
  task: Task,
  classes: readonly SnapshotClass[],
  inputSize: number,
  mode: Normalisation,
): Example[] {
  return items.map((item) => {
    const raw = reader.readImage(item.imageId)
    const image = prepareImage(raw, inputSize, mode)
    if (task === 'segmentation') {
      if (item.maskVersionId == null) throw new DataError(`image ${item.imageId} has no mask version in the snapshot`)
      const labels = reader.readMask(item.maskVersionId, { imageId: raw.id, width: raw.width, height: raw.height })
      const idx = labelsToClassIndex(labels, classes)
      return { imageId: item.imageId, image, mask: resizeNearest(idx, raw.width, raw.height, inputSize, inputSize) }
    }
    if (item.classIndex == null || item.classIndex < 0 || item.classIndex >= classes.length) {
      throw new DataError(`image ${item.imageId} has class index ${item.classIndex}, expected 0…${classes.length - 1}`)
    }
    return { imageId: item.imageId, image, classIndex: item.classIndex }
  })
}

/**
 * Stacks examples into [b, s, s, 1] inputs and targets for a model with `outputs` channels:
 * segmentation → [b, s, s, 1] 0/1 or one-hot [b, s, s, outputs]; classification → [b, 1] 0/1
 * or one-hot [b, outputs]. `rng` (training only) turns augmentation on.
 */
export function makeBatch(
  examples: readonly Example[],
  indices: readonly number[],
  inputSize: number,
  outputs: number,
  rng: (() => number) | null,
): { xs: tf.Tensor4D; ys: tf.Tensor } {
  const n = indices.length
  const px = inputSize * inputSize
  const x = new Float32Array(n * px)
  const seg = examples[indices[0]].mask !== undefined
  const maskBuf = seg ? new Int32Array(n * px) : null
  const cls = seg ? null : new Int32Array(n)
  indices.forEach((ix, b) => {
    const ex = examples[ix]
    let image = ex.image
    let mask = ex.mask ?? null
    if (rng) ({ image, mask } = augment(image, mask, inputSize, rng))
    x.set(image, b * px)
    if (maskBuf && mask) maskBuf.set(mask, b * px)
    if (cls) cls[b] = ex.classIndex ?? 0
  })
  return tf.tidy(() => {
    const xs = tf.tensor4d(x, [n, inputSize, inputSize, 1])
    let ys: tf.Tensor
    if (maskBuf) {
      const m = tf.tensor4d(maskBuf, [n, inputSize, inputSize, 1], 'int32')
      ys = outputs === 1 ? tf.cast(tf.greater(m, 0), 'float32') : tf.oneHot(tf.reshape(m, [n, inputSize, inputSize]), outputs).toFloat()
    } else {
      const c = tf.tensor1d(cls!, 'int32')
      ys = outputs === 1 ? tf.reshape(tf.cast(c, 'float32'), [n, 1]) : tf.oneHot(c, outputs).toFloat()
    }
    return { xs, ys }
  })
}
