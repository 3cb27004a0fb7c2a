// Prediction with a saved checkpoint: probability maps resized back to each image's own size
// (quantised to uint8: probability × 255) for segmentation, class probabilities for
// classification. A checkpoint that does not fit the request is refused with the reason.
import * as tf from '@tensorflow/tfjs'
import type { ClsPrediction, CheckpointCard, Normalisation, SegPrediction, SnapshotClass } from '../shared/trainer-protocol'
import type { Task } from '../shared/domain'
import { loadCheckpoint } from './checkpoint-io'
import { ProjectReader } from './data/project-reader'
import { prepareImage } from './data/dataset'
import { resizeBilinear, resizeNearest } from './data/resample'
import { logitsToProbs } from './evaluate'
import { createParallelForward } from './parallel-runner'
import { availableParallelism } from 'node:os'

/** Fewer images than this many batches are predicted on one thread (workers take ~1 s to start). */
export const MIN_BATCHES_FOR_WORKERS = 4

/** Threads for a prediction job. */
export function predictWorkers(o: { requested: 'auto' | number; backend: string; images: number; batchSize: number; cores: number }): number {
  if (o.requested !== 'auto') return Math.max(1, Math.min(o.requested, o.batchSize))
  if (o.backend !== 'wasm' && o.backend !== 'cpu') return 1
  if (o.cores < 2 || o.batchSize < 2 || o.images < MIN_BATCHES_FOR_WORKERS * o.batchSize) return 1
  return 2
}

export class CheckpointMismatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CheckpointMismatchError'
  }
}

export interface PredictOptions {
  checkpointDir: string
  dbPath: string
  imageIds: number[]
  task: Task
  inputSize?: number
  classes?: SnapshotClass[]
  normalisation?: Normalisation
  batchSize?: number
  /** Threads for the forward passes on wasm/cpu: 'auto' uses two where there are enough images and a spare core. */
  workers?: 'auto' | number
  shouldCancel?: () => boolean
  onBatch?: (items: Array<SegPrediction | ClsPrediction>, done: number, total: number) => void
}

/** Checks a checkpoint against what the caller expects; returns the reason it does not fit, or null. */
export function checkpointMismatch(card: CheckpointCard, modelInput: number, want: Pick<PredictOptions, 'task' | 'inputSize' | 'classes'>): string | null {
  if (card.task !== want.task) return `the checkpoint is a ${card.task} model, the request is ${want.task}`
  if (want.inputSize != null && want.inputSize !== modelInput) {
    return `the checkpoint takes ${modelInput}×${modelInput} inputs, the request asks for ${want.inputSize}×${want.inputSize}`
  }
  if (want.classes) {
    const a = card.classes.map((c) => `${c.id}:${c.value ?? ''}`).join(',')
    const b = want.classes.map((c) => `${c.id}:${c.value ?? ''}`).join(',')
    if (a !== b) {
      return `the checkpoint was trained on classes [${card.classes.map((c) => c.name).join(', ')}], the project has [${want.classes.map((c) => c.name).join(', ')}]`
    }
  }
  return null
}

const quantise = (p: Float32Array) => {
  const out = new Uint8Array(p.length)
  for (let i = 0; i < p.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, p[i])) * 255)
  return out
}

export async function predictImages(opts: PredictOptions): Promise<{ count: number; card: CheckpointCard; workers: number }> {
  const { model, card } = await loadCheckpoint(opts.checkpointDir)
  const reader = new ProjectReader(opts.dbPath)
  let parallel: Awaited<ReturnType<typeof createParallelForward>> | null = null
  try {
    if (!card) throw new CheckpointMismatchError(`checkpoint ${opts.checkpointDir} has no radlab-card.json: its task and classes are unknown`)
    const shape = model.inputs[0].shape
    const size = shape[1] as number
    const mismatch = checkpointMismatch(card, size, opts)
    if (mismatch) throw new CheckpointMismatchError(mismatch)
    const outputs = card.outputs
    const norm = opts.normalisation ?? card.normalisation
    const batchSize = opts.batchSize ?? 8
    const px = size * size
    const backend = tf.getBackend()
    const workers = predictWorkers({ requested: opts.workers ?? 'auto', backend, images: opts.imageIds.length, batchSize, cores: availableParallelism() })
    if (workers > 1) parallel = await createParallelForward(model, backend === 'cpu' ? 'cpu' : 'wasm', workers)
    const forward = parallel?.forward ?? (async (xs: tf.Tensor) => model.predict(xs) as tf.Tensor)
    let done = 0
    for (let start = 0; start < opts.imageIds.length; start += batchSize) {
      if (opts.shouldCancel?.()) break
      const ids = opts.imageIds.slice(start, start + batchSize)
      const raws = ids.map((id) => reader.readImage(id))
      const x = new Float32Array(ids.length * px)
      raws.forEach((r, b) => x.set(prepareImage(r, size, norm), b * px))
      const xs = tf.tensor4d(x, [ids.length, size, size, 1])
      const logits = await forward(xs)
      const probsT = tf.tidy(() => logitsToProbs(logits, outputs))
      const probs = (await probsT.data()) as Float32Array
      tf.dispose([xs, logits, probsT])
      const items: Array<SegPrediction | ClsPrediction> = raws.map((r, b) => {
        if (card.task === 'classification') {
          const p = outputs === 1 ? [1 - probs[b], probs[b]] : Array.from(probs.subarray(b * outputs, (b + 1) * outputs))
          return { imageId: r.id, probs: p }
        }
        if (outputs === 1) {
          const map = probs.subarray(b * px, (b + 1) * px)
          return { imageId: r.id, width: r.width, height: r.height, prob: quantise(resizeBilinear(map, size, size, r.width, r.height)) }
        }
        // Multi-class: foreground probability (1 − P(background)) and the argmax label map.
        const fg = new Float32Array(px)
        const lab = new Uint8Array(px)
        for (let i = 0; i < px; i++) {
          const base = (b * px + i) * outputs
          fg[i] = 1 - probs[base]
          let best = 0
          for (let k = 1; k < outputs; k++) if (probs[base + k] > probs[base + best]) best = k
          lab[i] = best === 0 ? 0 : (card.classes[best - 1].value ?? best)
        }
        return {
          imageId: r.id,
          width: r.width,
          height: r.height,
          prob: quantise(resizeBilinear(fg, size, size, r.width, r.height)),
          labels: resizeNearest(lab, size, size, r.width, r.height),
        }
      })
      done += ids.length
      opts.onBatch?.(items, done, opts.imageIds.length)
      await new Promise((r) => setImmediate(r))
    }
    return { count: done, card, workers }
  } finally {
    await parallel?.dispose()
    reader.close()
    model.dispose()
  }
}
