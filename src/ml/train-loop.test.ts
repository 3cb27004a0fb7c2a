// In-process training on the cpu backend: reproducibility, memory, checkpoints, prediction,
// Grad-CAM and refusals. The real trainer process is tested in src/main/jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseBackend } from './backend'
import { resolveConfig } from './config'
import { checkSnapshot, loadSnapshotData, resolveSplits, runTraining } from './run-training'
import { trainModel } from './train-loop'
import { loadCheckpoint } from './checkpoint-io'
import { predictImages } from './predict'
import { saliencyForImage } from './saliency'
import { createPhantomProject } from './testing/phantom-db'
import type { ClsPrediction, SegPrediction } from '../shared/trainer-protocol'
import type { EpochMetrics } from '../shared/domain'

const tmp = mkdtempSync(join(tmpdir(), 'radlab-train-'))
const project = createPhantomProject(join(tmp, 'proj'), { nSeg: 16, nCls: 16, size: 32 })
const segCfg = resolveConfig({ task: 'segmentation', inputSize: 16, depth: 2, baseFilters: 4, epochs: 3, batchSize: 4, lr: 3e-3, seed: 11, backend: 'cpu' })

beforeAll(async () => {
  await chooseBackend('cpu')
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('trainModel', () => {
  it('same seed on the same backend gives the same metrics; tensors do not leak across epochs', async () => {
    const data = loadSnapshotData(project.segSnapshot, segCfg)
    const run = async (dir: string) => {
      const counts: number[] = []
      const r = await trainModel(
        { config: segCfg, classes: project.segSnapshot.classes, ...data, checkpointDir: join(tmp, dir), dataHash: 'h' },
        { onEpochEnd: () => counts.push(tf.memory().numTensors) },
      )
      return { r, counts }
    }
    const before = tf.memory().numTensors
    const a = await run('a')
    const b = await run('b')
    const strip = (e: EpochMetrics[]) => e.map(({ seconds, imgPerSec, ...rest }) => rest)
    expect(strip(a.r.epochs)).toEqual(strip(b.r.epochs))
    expect(a.r.epochs).toHaveLength(3)
    expect(a.counts[0]).toBe(a.counts[2])
    expect(tf.memory().numTensors).toBe(before)
  })

  it('same seed on wasm (with its training kernels) gives the same metrics too', async (ctx) => {
    const choice = await chooseBackend('wasm').catch(() => null)
    if (!choice) {
      await chooseBackend('cpu')
      ctx.skip()
      return
    }
    try {
      const cfg = { ...segCfg, backend: 'wasm' as const, epochs: 2 }
      const data = loadSnapshotData(project.segSnapshot, cfg)
      const run = (dir: string) => trainModel({ config: cfg, classes: project.segSnapshot.classes, ...data, checkpointDir: join(tmp, dir), dataHash: 'h' })
      const strip = (e: EpochMetrics[]) => e.map(({ seconds, imgPerSec, ...rest }) => rest)
      expect(strip((await run('wa')).epochs)).toEqual(strip((await run('wb')).epochs))
    } finally {
      await chooseBackend('cpu')
    }
  })

  it('writes best and last checkpoints that load back with their card, and predicts at image size', async () => {
    const r = await runTraining('run-ck', project.segSnapshot, segCfg, {})
    const dir = join(project.dir, 'runs', 'run-ck')
    expect(existsSync(join(dir, 'best', 'model.json'))).toBe(true)
    expect(existsSync(join(dir, 'last', 'weights.bin'))).toBe(true)
    const { model, card } = await loadCheckpoint(join(dir, 'best'))
    expect(card).toMatchObject({ task: 'segmentation', inputSize: 16, outputs: 1, metricName: 'valDice' })
    expect(card!.metric).toBeCloseTo(r.best!.metric, 12)
    model.dispose()

    const got: SegPrediction[] = []
    const { count } = await predictImages({
      checkpointDir: join(dir, 'best'),
      dbPath: project.dbPath,
      imageIds: [1, 2, 3],
      task: 'segmentation',
      inputSize: 16,
      classes: project.segSnapshot.classes,
      batchSize: 2,
      onBatch: (items) => got.push(...(items as SegPrediction[])),
    })
    expect(count).toBe(3)
    expect(got.map((g) => [g.imageId, g.width, g.height, g.prob.length])).toEqual([
      [1, 32, 32, 1024],
      [2, 32, 32, 1024],
      [3, 32, 32, 1024],
    ])
    expect(got[0].prob).toBeInstanceOf(Uint8Array)

    await expect(
      predictImages({ checkpointDir: join(dir, 'best'), dbPath: project.dbPath, imageIds: [1], task: 'segmentation', inputSize: 32 }),
    ).rejects.toThrow(/takes 16×16 inputs, the request asks for 32×32/)
    await expect(
      predictImages({ checkpointDir: join(dir, 'best'), dbPath: project.dbPath, imageIds: [1], task: 'segmentation', classes: [{ id: 9, name: 'liver', value: 2 }] }),
    ).rejects.toThrow(/trained on classes \[lesion\], the project has \[liver\]/)
    await expect(
      predictImages({ checkpointDir: join(dir, 'best'), dbPath: project.dbPath, imageIds: [1], task: 'classification' }),
    ).rejects.toThrow(/segmentation model/)
  })

  it('trains a classifier; predicts class probabilities and a Grad-CAM map', async () => {
    const cfg = resolveConfig({ task: 'classification', inputSize: 16, epochs: 2, batchSize: 8, lr: 1e-3, baseFilters: 4, seed: 3, backend: 'cpu' })
    const r = await runTraining('run-cls', project.clsSnapshot, cfg, {})
    expect(r.epochs[0]).toHaveProperty('auc')
    expect(r.epochs[0].confusion).toHaveLength(2)
    const dir = join(project.dir, 'runs', 'run-cls', 'best')
    const got: ClsPrediction[] = []
    await predictImages({ checkpointDir: dir, dbPath: project.dbPath, imageIds: [17, 18], task: 'classification', onBatch: (i) => got.push(...(i as ClsPrediction[])) })
    expect(got).toHaveLength(2)
    for (const g of got) expect(g.probs[0] + g.probs[1]).toBeCloseTo(1, 5)
    const cam = await saliencyForImage(dir, project.dbPath, 18)
    expect(cam.heat.length).toBe(32 * 32)
    expect(Math.max(...cam.heat)).toBeLessThanOrEqual(255)
  })
})

describe('multi-class segmentation', () => {
  it('trains classes + 1 softmax outputs and scores each foreground class', async () => {
    // Left half bright = class 1, right half dark = class 2 inside a square; in memory, 16×16.
    const size = 16
    const mk = (id: number, shift: number) => {
      const image = new Float32Array(size * size)
      const mask = new Uint8Array(size * size)
      for (let y = 4; y < 12; y++) for (let x = 2 + shift; x < 12 + shift; x++) {
        const left = x < 7 + shift
        image[y * size + x] = left ? 2 : -2
        mask[y * size + x] = left ? 1 : 2
      }
      return { imageId: id, image, mask }
    }
    const train = [0, 1, 2, 3, 0, 1, 2, 3].map((s, i) => mk(i, s))
    const cfg = resolveConfig({ task: 'segmentation', inputSize: 16, depth: 2, baseFilters: 4, epochs: 3, batchSize: 4, lr: 1e-2, seed: 2, augmentation: false, backend: 'cpu' })
    const classes = [
      { id: 1, name: 'a', value: 1 },
      { id: 2, name: 'b', value: 2 },
    ]
    const r = await trainModel({ config: cfg, classes, train, val: train.slice(0, 2), checkpointDir: join(tmp, 'multi'), dataHash: 'm' })
    expect(r.epochs).toHaveLength(3)
    expect(r.epochs[2].loss).toBeLessThan(r.epochs[0].loss)
    for (const e of r.epochs) expect(e.valDice).toBeGreaterThanOrEqual(0)
    const { card } = await loadCheckpoint(join(tmp, 'multi', 'last'))
    expect(card?.outputs).toBe(3)
  })
})

describe('refusals', () => {
  it('refuses data that cannot train, with the reason', () => {
    const seg = project.segSnapshot
    expect(() => checkSnapshot({ ...seg, items: { train: [], val: [] } }, segCfg)).toThrow(/no training images/)
    expect(() => checkSnapshot({ ...seg, items: { train: seg.items.train.map((i) => ({ imageId: i.imageId })), val: [] } }, segCfg)).toThrow(/no training image has a mask/)
    expect(() => checkSnapshot({ ...seg, classes: [] }, segCfg)).toThrow(/no mask classes/)
    const cls = project.clsSnapshot
    const clsCfg = resolveConfig({ task: 'classification' })
    const oneClass = cls.items.train.filter((i) => i.classIndex === 0)
    expect(() => checkSnapshot({ ...cls, items: { train: oneClass, val: [] } }, clsCfg)).toThrow(/all training images are labelled "normal"/)
    expect(() => checkSnapshot({ ...cls, classes: cls.classes.slice(0, 1) }, clsCfg)).toThrow(/at least two image classes/)
  })
  it('draws a patient-grouped val split when the snapshot has none', () => {
    const s = resolveSplits(project.segSnapshot)
    expect(s.val.length).toBeGreaterThan(0)
    const valPatients = new Set(s.val.map((i) => i.patientKey))
    expect(s.train.some((i) => valPatients.has(i.patientKey))).toBe(false)
  })
})
