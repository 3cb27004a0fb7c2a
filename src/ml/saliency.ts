// Grad-CAM for the CNN classifier: where in the image the last conv block's evidence for a
// class lies. Weights = spatial mean of d(score)/d(feature map); heat = ReLU(Σ weight·map),
// upsampled to the image and scaled to 0…255.
import * as tf from '@tensorflow/tfjs'
import { LAST_CONV } from './models/cnn'
import { loadCheckpoint } from './checkpoint-io'
import { ProjectReader } from './data/project-reader'
import { prepareImage } from './data/dataset'
import { resizeBilinear } from './data/resample'

export function gradCam(model: tf.LayersModel, input: tf.Tensor4D, classIndex?: number): { heat: Float32Array; side: number; classIndex: number } {
  const names = model.layers.map((l) => l.name)
  const at = names.indexOf(LAST_CONV)
  if (at < 0) throw new Error(`model has no layer named ${LAST_CONV}: Grad-CAM needs a RadLab CNN`)
  const convModel = tf.model({ inputs: model.inputs, outputs: model.layers[at].output as tf.SymbolicTensor })
  const head = model.layers.slice(at + 1)
  return tf.tidy(() => {
    const fmap = convModel.predict(input) as tf.Tensor4D
    const logits = head.reduce((x, layer) => layer.apply(x, { training: false }) as tf.Tensor, fmap as tf.Tensor)
    const outputs = logits.shape[1] as number
    const predicted = outputs === 1 ? ((logits.dataSync()[0] >= 0 ? 1 : 0) as number) : tf.argMax(logits, 1).dataSync()[0]
    const cls = classIndex ?? predicted
    // Binary models have one logit: its sign says which class, so class 0's score is −logit.
    const score = (f: tf.Tensor) => {
      const l = head.reduce((x, layer) => layer.apply(x, { training: false }) as tf.Tensor, f)
      return outputs === 1 ? tf.mul(tf.sum(l), cls === 1 ? 1 : -1) : tf.sum(tf.slice(l, [0, cls], [1, 1]))
    }
    const grads = tf.grad((f: tf.Tensor) => score(f) as tf.Scalar)(fmap)
    const weights = tf.mean(grads, [1, 2], true)
    const cam = tf.relu(tf.sum(tf.mul(fmap, weights), 3)).squeeze([0]) as tf.Tensor2D
    const max = tf.max(cam).dataSync()[0]
    const heat = (max > 0 ? tf.div(cam, max) : cam).dataSync() as Float32Array
    return { heat: Float32Array.from(heat), side: cam.shape[0], classIndex: cls }
  })
}

/** Grad-CAM heat map of one project image at the image's own size, 0…255. */
export async function saliencyForImage(checkpointDir: string, dbPath: string, imageId: number, classIndex?: number) {
  const { model, card } = await loadCheckpoint(checkpointDir)
  const reader = new ProjectReader(dbPath)
  try {
    if (card?.task !== 'classification') throw new Error('saliency needs a classification checkpoint')
    const size = model.inputs[0].shape[1] as number
    const raw = reader.readImage(imageId)
    const x = tf.tensor4d(prepareImage(raw, size, card.normalisation), [1, size, size, 1])
    const cam = gradCam(model, x, classIndex)
    x.dispose()
    const heat = resizeBilinear(cam.heat, cam.side, cam.side, raw.width, raw.height)
    const out = new Uint8Array(heat.length)
    for (let i = 0; i < heat.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, heat[i])) * 255)
    return { imageId, width: raw.width, height: raw.height, classIndex: cam.classIndex, heat: out }
  } finally {
    reader.close()
    model.dispose()
  }
}
