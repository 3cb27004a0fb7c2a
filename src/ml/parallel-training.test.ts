// The training engine on data-parallel workers: same results as one thread up to float
// rounding, batch-norm statistics merged, checkpoints hold the workers' weights, and the
// automatic choice times both on real batches without leaving a trace in the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseBackend } from './backend'
import { resolveConfig } from './config'
import { loadSnapshotData } from './run-training'
import { trainModel } from './train-loop'
import { loadCheckpoint } from './checkpoint-io'
import { chooseStepRunner, forgetWorkerDecisions, MIN_STEPS_TO_MEASURE, planWorkers } from './choose-workers'
import { buildModel } from './models/presets'
import { makeLoss } from './losses'
import { makeBatch } from './data/dataset'
import { evaluateSegmentation, forwardOf } from './evaluate'
import { createPhantomProject } from './testing/phantom-db'
import { predictImages, predictWorkers, MIN_BATCHES_FOR_WORKERS } from './predict'
import type { SegPrediction } from '../shared/trainer-protocol'

const tmp = mkdtempSync(join(tmpdir(), 'radlab-par-'))
const project = createPhantomProject(join(tmp, 'proj'), { nSeg: 24, nCls: 4, size: 32 })
const base = { task: 'segmentation', inputSize: 16, depth: 2, baseFilters: 4, batchSize: 6, lr: 3e-3, seed: 5, backend: 'wasm', augmentation: false, dropout: 0 } as const

let wasm = true
beforeAll(async () => {
  wasm = (await chooseBackend('wasm').catch(() => null)) !== null
})
afterAll(async () => {
  await chooseBackend('cpu')
  rmSync(tmp, { recursive: true, force: true })
})

describe('planWorkers', () => {
  const auto = { requested: 'auto' as const, backend: 'wasm', batchSize: 8, steps: 1000, cores: 2 }
  it('times one thread against two only where a second core can help', () => {
    expect(planWorkers(auto).candidates).toEqual([1, 2])
    expect(planWorkers({ ...auto, backend: 'tensorflow' })).toMatchObject({ candidates: [1], reason: /uses every core/ })
    expect(planWorkers({ ...auto, cores: 1 }).candidates).toEqual([1])
    expect(planWorkers({ ...auto, batchSize: 1 }).candidates).toEqual([1])
    expect(planWorkers({ ...auto, steps: MIN_STEPS_TO_MEASURE - 1 })).toMatchObject({ candidates: [1], reason: /short run/ })
  })
  it('a number in the settings wins, capped at the batch size', () => {
    expect(planWorkers({ ...auto, requested: 2, backend: 'cpu' }).candidates).toEqual([2])
    expect(planWorkers({ ...auto, requested: 4, batchSize: 3 })).toMatchObject({ candidates: [3], reason: /capped/ })
  })
})

describe('training on two data-parallel workers', () => {
  it('gives the epoch losses of one thread (float rounding), reports 2 workers, and checkpoints the trained weights', async (ctx) => {
    if (!wasm) ctx.skip()
    const run = async (workers: number, dir: string) => {
      const cfg = resolveConfig({ ...base, epochs: 2, workers })
      const data = loadSnapshotData(project.segSnapshot, cfg)
      const said: number[] = []
      const r = await trainModel(
        { config: cfg, classes: project.segSnapshot.classes, ...data, checkpointDir: join(tmp, dir), dataHash: 'h' },
        { onWorkers: (w) => said.push(w.workers) },
      )
      return { r, said, data, cfg }
    }
    const one = await run(1, 'one')
    const two = await run(2, 'two')
    expect(one.said).toEqual([1])
    expect(two.said).toEqual([2])
    expect(two.r.epochs.map((e) => e.workers)).toEqual([2, 2])
    one.r.epochs.forEach((e, i) => {
      const t = two.r.epochs[i]!
      expect(Math.abs(t.loss - e.loss) / e.loss, `epoch ${i + 1} loss`).toBeLessThan(1e-3)
      expect(t.valDice!).toBeCloseTo(e.valDice!, 2)
    })
    // The last checkpoint, evaluated in this thread, scores what the workers reported.
    const { model } = await loadCheckpoint(join(tmp, 'two', 'last'))
    const lossFn = makeLoss(two.cfg.loss, 1, null)
    const e = await evaluateSegmentation(forwardOf(model), two.data.val, 16, 1, 6, lossFn)
    expect(e.valLoss).toBeCloseTo(two.r.epochs[1]!.valLoss!, 4)
    model.dispose()
  })

  it('predicts the same maps on two workers as on one thread', async (ctx) => {
    if (!wasm) ctx.skip()
    const ids = project.segSnapshot.items.train.map((i) => i.imageId)
    const run = async (workers: number) => {
      const got: SegPrediction[] = []
      const r = await predictImages({ checkpointDir: join(tmp, 'two', 'last'), dbPath: project.dbPath, imageIds: ids, task: 'segmentation', batchSize: 5, workers, onBatch: (items) => got.push(...(items as SegPrediction[])) })
      return { r, got }
    }
    const one = await run(1)
    const two = await run(2)
    expect(one.r.workers).toBe(1)
    expect(two.r.workers).toBe(2)
    expect(two.got.map((p) => p.imageId)).toEqual(ids)
    two.got.forEach((p, i) => {
      let diff = 0
      p.prob.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - one.got[i]!.prob[j]!))))
      expect(diff, `image ${p.imageId}`).toBeLessThanOrEqual(1)
    })
  })

  it('predicts on two workers only where it pays', () => {
    const o = { requested: 'auto' as const, backend: 'wasm', images: 100, batchSize: 8, cores: 2 }
    expect(predictWorkers(o)).toBe(2)
    expect(predictWorkers({ ...o, images: MIN_BATCHES_FOR_WORKERS * 8 - 1 })).toBe(1)
    expect(predictWorkers({ ...o, backend: 'tensorflow' })).toBe(1)
    expect(predictWorkers({ ...o, cores: 1 })).toBe(1)
    expect(predictWorkers({ ...o, requested: 2, images: 3 })).toBe(2)
  })

  it('merges the workers\' batch-norm statistics into the checkpoint', async (ctx) => {
    if (!wasm) ctx.skip()
    const cfg = resolveConfig({ ...base, epochs: 1, workers: 2, batchNorm: true })
    const data = loadSnapshotData(project.segSnapshot, cfg)
    const r = await trainModel({ config: cfg, classes: project.segSnapshot.classes, ...data, checkpointDir: join(tmp, 'bn'), dataHash: 'h' })
    expect(r.epochs[0]!.workers).toBe(2)
    const { model } = await loadCheckpoint(join(tmp, 'bn', 'last'))
    const movingMean = model.weights.find((w) => /moving_mean/.test(w.name))!
    // Initialised to zeros; a step on either worker's shard moves them.
    expect(Math.max(...Array.from(movingMean.read().dataSync()).map(Math.abs))).toBeGreaterThan(0)
    const e = await evaluateSegmentation(forwardOf(model), data.val, 16, 1, 6, makeLoss(cfg.loss, 1, null))
    expect(e.valLoss).toBeCloseTo(r.epochs[0]!.valLoss!, 4)
    model.dispose()
  })

  it('auto times one thread and two workers on a real batch, and the trial leaves the model as it was', async (ctx) => {
    if (!wasm) ctx.skip()
    forgetWorkerDecisions()
    const cfg = resolveConfig({ ...base, epochs: 50 })
    const data = loadSnapshotData(project.segSnapshot, cfg)
    const { model, outputs } = buildModel(cfg, 1)
    const before = model.getWeights().map((w) => w.dataSync().slice())
    const choice = await chooseStepRunner({
      model, lossFn: makeLoss(cfg.loss, outputs, null), cfg, loss: cfg.loss, outputs, steps: MIN_STEPS_TO_MEASURE,
      sampleBatch: () => makeBatch(data.train, [0, 1, 2, 3, 4, 5], 16, outputs, null),
      cores: 2,
    })
    try {
      expect(choice.timings?.map((t) => t.workers)).toEqual([1, 2])
      for (const t of choice.timings!) expect(t.secPerStep).toBeGreaterThan(0)
      expect(choice.reason).toMatch(/^timed: 2 workers/)
      expect([1, 2]).toContain(choice.workers)
      await choice.runner.syncModel()
      model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(before[i]!)))
      // The same settings again reuse the decision instead of timing once more.
      const again = await chooseStepRunner({
        model, lossFn: makeLoss(cfg.loss, outputs, null), cfg, loss: cfg.loss, outputs, steps: MIN_STEPS_TO_MEASURE,
        sampleBatch: () => makeBatch(data.train, [0, 1, 2, 3, 4, 5], 16, outputs, null), cores: 2,
      })
      expect(again).toMatchObject({ workers: choice.workers, reason: 'timed earlier in this session' })
      await again.runner.dispose()
    } finally {
      await choice.runner.dispose()
      model.dispose()
      tf.disposeVariables()
    }
  })
})
