// The custom training loop: Adam, lr schedule, early stopping, metrics each epoch, best and
// last checkpoints. Everything outside the loop (messages, DB, files of the run) comes in as
// callbacks, so the CLI, the trainer process and tests drive it the same way.
import * as tf from '@tensorflow/tfjs'
import { join } from 'node:path'
import type { EpochMetrics } from '../shared/domain'
import type { CheckpointCard, SnapshotClass, TrainConfig } from '../shared/trainer-protocol'
import type { Example } from './data/dataset'
import { makeBatch } from './data/dataset'
import { epochOrder, toBatches } from './data/sampler'
import type { StepRunner } from './step-runner'
import { createRng, deriveSeed } from './random'
import { makeLoss } from './losses'
import { buildModel } from './models/presets'
import { EarlyStopping, makeSchedule } from './schedule'
import { EvaluationCancelled, evaluateClassification, evaluateSegmentation } from './evaluate'
import { saveCheckpoint } from './checkpoint-io'
import { chooseStepRunner } from './choose-workers'

export interface ProgressInfo {
  epoch: number
  batch: number
  batches: number
  loss: number
  smoothedLoss: number
  imgPerSec: number
  etaSec: number
  workers: number
}

export interface CheckpointInfo {
  kind: 'best' | 'last'
  epoch: number
  dir: string
  metricName: string
  metric: number
}

export interface TrainCallbacks {
  onProgress?(p: ProgressInfo): void
  onEpochEnd?(m: EpochMetrics): void
  onCheckpoint?(c: CheckpointInfo): void
  /** How many threads compute the steps, and why (before the first step). */
  onWorkers?(w: { workers: number; reason: string; timings?: Array<{ workers: number; secPerStep: number }> }): void
  /** Polled before every batch: true stops the run there (the best checkpoint stays). */
  shouldCancel?(): boolean
}

export interface TrainInput {
  config: TrainConfig
  classes: SnapshotClass[]
  train: Example[]
  val: Example[]
  /** Folder for this run's checkpoints: `best/` and `last/` are written inside it. */
  checkpointDir: string
  dataHash: string
}

export interface TrainResult {
  epochs: EpochMetrics[]
  best: (EpochMetrics & { metricName: string; metric: number }) | null
  cancelled: boolean
  stoppedEarly: boolean
  seconds: number
}

/** Name of the metric that picks the best checkpoint. */
export function monitoredMetric(cfg: TrainConfig, classes: number): 'valDice' | 'auc' | 'valAccuracy' {
  if (cfg.task === 'segmentation') return 'valDice'
  return classes === 2 ? 'auc' : 'valAccuracy'
}

const yieldToEvents = () => new Promise<void>((r) => setImmediate(r))

export async function trainModel(input: TrainInput, cb: TrainCallbacks = {}): Promise<TrainResult> {
  const { config: cfg, classes, train, val } = input
  if (train.length === 0) throw new Error('no training images')
  const started = performance.now()
  const { model, outputs } = buildModel(cfg, classes.length)
  const lossFn = makeLoss(cfg.loss, outputs, cfg.classWeights)
  const schedule = makeSchedule(cfg)
  const stopper = new EarlyStopping(cfg.earlyStoppingPatience)
  const metricName = monitoredMetric(cfg, classes.length)
  const seg = cfg.task === 'segmentation'
  // Balanced sampling groups by class (classification) or by lesion present / absent (segmentation).
  const classOf = train.map((e) => (seg ? (e.mask!.some((v) => v !== 0) ? 1 : 0) : e.classIndex!))
  const stepsPerEpoch = Math.ceil(train.length / cfg.batchSize)
  let runner: StepRunner
  try {
    const choice = await chooseStepRunner({
      model, lossFn, cfg, loss: cfg.loss, outputs, steps: stepsPerEpoch * cfg.epochs,
      sampleBatch: () => makeBatch(train, toBatches(epochOrder(classOf, 0, cfg.seed, cfg.balancedSampling), cfg.batchSize)[0], cfg.inputSize, outputs, null),
    })
    runner = choice.runner
    cb.onWorkers?.({ workers: choice.workers, reason: choice.reason, timings: choice.timings })
  } catch (err) {
    model.dispose()
    throw err
  }
  const forward = (xs: tf.Tensor4D) => runner.logits(xs)
  const card = (epoch: number, metric: number): CheckpointCard => ({
    task: cfg.task,
    model: cfg.model,
    inputSize: cfg.inputSize,
    classes,
    outputs,
    normalisation: cfg.normalisation,
    epoch,
    metricName,
    metric,
    dataHash: input.dataHash,
    config: cfg,
  })

  /** Adds the validation metrics to `metrics`; returns the monitored value (higher is better). */
  const validate = async (metrics: EpochMetrics): Promise<number> => {
    // No validation images: the (negated) training loss is all there is to monitor.
    if (val.length === 0) return -metrics.loss
    const cancelCheck = () => cb.shouldCancel?.() ?? false
    if (seg) {
      const e = await evaluateSegmentation(forward, val, cfg.inputSize, outputs, cfg.batchSize, lossFn, cancelCheck)
      Object.assign(metrics, { valLoss: e.valLoss, valDice: e.valDice, valIoU: e.valIoU })
      return e.valDice
    }
    const e = await evaluateClassification(forward, val, cfg.inputSize, outputs, cfg.batchSize, lossFn, cancelCheck)
    Object.assign(metrics, {
      valLoss: e.valLoss,
      valAccuracy: e.valAccuracy,
      // The classification metrics are all on the validation set.
      accuracy: e.valAccuracy,
      sensitivity: e.sensitivity,
      specificity: e.specificity,
      precision: e.precision,
      f1: e.f1,
      auc: e.auc,
      confusion: e.confusion,
    })
    return metricName === 'auc' && !Number.isNaN(e.auc) ? e.auc : e.valAccuracy
  }

  const history: EpochMetrics[] = []
  let best: TrainResult['best'] = null
  let cancelled = false
  let improved = false
  let smoothed = NaN
  let lastProgress = -Infinity
  try {
    for (let epoch = 0; epoch < cfg.epochs && !cancelled; epoch++) {
      const lr = schedule.lrFor(epoch, improved)
      await runner.setLearningRate(lr)
      const order = epochOrder(classOf, epoch, cfg.seed, cfg.balancedSampling)
      const batches = toBatches(order, cfg.batchSize)
      const augRng = cfg.augmentation ? createRng(deriveSeed(cfg.seed, 2, epoch)) : null
      const epochStart = performance.now()
      let lossSum = 0
      let seen = 0
      for (let b = 0; b < batches.length; b++) {
        await yieldToEvents()
        if (cb.shouldCancel?.()) {
          cancelled = true
          break
        }
        const { xs, ys } = makeBatch(train, batches[b], cfg.inputSize, outputs, augRng)
        let loss: number
        try {
          loss = await runner.trainStep(xs, ys)
        } finally {
          tf.dispose([xs, ys])
        }
        if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at epoch ${epoch + 1}, batch ${b + 1}: try a lower learning rate`)
        lossSum += loss * batches[b].length
        seen += batches[b].length
        smoothed = Number.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss
        const elapsed = (performance.now() - epochStart) / 1000
        const imgPerSec = seen / Math.max(elapsed, 1e-9)
        const remaining = order.length - seen + (cfg.epochs - epoch - 1) * order.length
        // At most ~10 progress reports a second (plus each epoch's last batch): small batches
        // on a fast backend would otherwise flood main with messages.
        const now = performance.now()
        if (now - lastProgress < 100 && b < batches.length - 1) continue
        lastProgress = now
        cb.onProgress?.({ epoch: epoch + 1, batch: b + 1, batches: batches.length, loss, smoothedLoss: smoothed, imgPerSec, etaSec: remaining / imgPerSec, workers: runner.workers })
      }
      if (cancelled) break
      const trainSeconds = (performance.now() - epochStart) / 1000
      const metrics: EpochMetrics = { epoch: epoch + 1, loss: lossSum / seen, lr, imgPerSec: seen / trainSeconds, seconds: 0, workers: runner.workers }
      // Workers' batch-norm statistics are merged before validation, and checkpoints are
      // written from this thread's model: bring both up to the trained state.
      await runner.syncModel()
      let value: number
      try {
        value = await validate(metrics)
      } catch (err) {
        if (!(err instanceof EvaluationCancelled)) throw err
        cancelled = true
        break
      }
      metrics.seconds = (performance.now() - epochStart) / 1000
      history.push(metrics)
      cb.onEpochEnd?.(metrics)

      improved = stopper.update(epoch, value)
      if (improved) {
        const dir = join(input.checkpointDir, 'best')
        await saveCheckpoint(model, dir, card(epoch + 1, value))
        best = { ...metrics, metricName, metric: value }
        cb.onCheckpoint?.({ kind: 'best', epoch: epoch + 1, dir, metricName, metric: value })
      }
      const lastDir = join(input.checkpointDir, 'last')
      await saveCheckpoint(model, lastDir, card(epoch + 1, value))
      cb.onCheckpoint?.({ kind: 'last', epoch: epoch + 1, dir: lastDir, metricName, metric: value })
      if (stopper.shouldStop) {
        return { epochs: history, best, cancelled, stoppedEarly: true, seconds: (performance.now() - started) / 1000 }
      }
    }
    return { epochs: history, best, cancelled, stoppedEarly: false, seconds: (performance.now() - started) / 1000 }
  } finally {
    await runner.dispose()
    model.dispose()
  }
}
