// The REAL trainer process (child_process.fork of src/ml/trainer.ts through tsx) training on a
// real SQLite project built from phantoms. Backend: wasm when its training kernels are present
// (about 10× faster than cpu here), else cpu; RADLAB_TEST_BACKEND forces one.
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnTrainer, type TrainerHandle } from './trainer-process'
import { createPhantomProject } from '../../ml/testing/phantom-db'
import type { BackendPreference, TrainerToMain, SegPrediction } from '../../shared/trainer-protocol'

async function wasmCanTrain(): Promise<boolean> {
  try {
    const k = (await import('../../ml/kernels')) as { registerWasmTrainingKernels?: () => string[] }
    return k.registerWasmTrainingKernels?.().includes('Conv2DBackpropFilter') ?? false
  } catch {
    return false
  }
}
const backend = (process.env.RADLAB_TEST_BACKEND ?? ((await wasmCanTrain()) ? 'wasm' : 'cpu')) as BackendPreference
const tmp = mkdtempSync(join(tmpdir(), 'radlab-trainer-'))
const project = createPhantomProject(join(tmp, 'proj'), { nSeg: 32, nCls: 8, size: 48, withValSplit: true })
const segConfig = { task: 'segmentation' as const, inputSize: 32, depth: 2, baseFilters: 8, batchSize: 4, lr: 3e-3, seed: 1, schedule: 'none' as const, backend }
const live: TrainerHandle[] = []
afterEach(() => {
  for (const t of live.splice(0)) t.kill()
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function start(): { trainer: TrainerHandle; messages: TrainerToMain[]; next: (pred: (m: TrainerToMain) => boolean) => Promise<TrainerToMain> } {
  const trainer = spawnTrainer({ backend })
  live.push(trainer)
  const messages: TrainerToMain[] = []
  const waiters: Array<{ pred: (m: TrainerToMain) => boolean; resolve: (m: TrainerToMain) => void }> = []
  trainer.onMessage((m) => {
    messages.push(m)
    for (const w of waiters.slice()) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  })
  const next = (pred: (m: TrainerToMain) => boolean) =>
    new Promise<TrainerToMain>((resolve, reject) => {
      const seen = messages.find(pred)
      if (seen) return resolve(seen)
      waiters.push({ pred, resolve })
      trainer.onExit((code, signal, reason) => reject(new Error(`trainer exited: ${reason}`)))
    })
  return { trainer, messages, next }
}

describe('trainer process', () => {
  it('trains a U-Net on phantoms: loss falls, val Dice rises; then predicts over IPC', async () => {
    const { trainer, messages, next } = start()
    const ready = await next((m) => m.type === 'ready')
    expect(ready).toMatchObject({ type: 'ready', backend: backend === 'auto' ? expect.any(String) : backend })
    const t0 = performance.now()
    trainer.send({ type: 'start', runId: 'r1', snapshot: project.segSnapshot, config: { ...segConfig, epochs: 8 } })
    const done = await next((m) => m.type === 'done' || m.type === 'failed')
    const seconds = (performance.now() - t0) / 1000
    expect(done).toMatchObject({ type: 'done', runId: 'r1', epochs: 8, cancelled: false })
    const epochs = messages.flatMap((m) => (m.type === 'epochEnd' ? [m.metrics] : []))
    expect(epochs).toHaveLength(8)
    expect(epochs[7].loss).toBeLessThan(epochs[0].loss * 0.6)
    const best = Math.max(...epochs.map((e) => e.valDice!))
    expect(best).toBeGreaterThan(0.7)
    expect(messages.some((m) => m.type === 'progress' && m.batches === 7 && m.imgPerSec > 0)).toBe(true)
    const cps = messages.filter((m) => m.type === 'checkpoint')
    expect(cps.filter((c) => c.type === 'checkpoint' && c.kind === 'last')).toHaveLength(8)
    console.log(`[trainer e2e] backend ${ready.type === 'ready' && ready.backend}: ${seconds.toFixed(1)} s, val Dice by epoch ${epochs.map((e) => e.valDice!.toFixed(3)).join(' ')}`)

    const bestDir = join(project.dir, 'runs', 'r1', 'best')
    trainer.send({ type: 'predict', jobId: 'p1', checkpointDir: bestDir, task: 'segmentation', dbPath: project.dbPath, imageIds: [5, 10], inputSize: 32 })
    const pdone = await next((m) => m.type === 'predictDone' || (m.type === 'failed' && m.jobId === 'p1'))
    expect(pdone).toMatchObject({ type: 'predictDone', jobId: 'p1', count: 2 })
    const preds = messages.flatMap((m) => (m.type === 'predictions' ? (m.items as SegPrediction[]) : []))
    expect(preds.map((p) => p.imageId)).toEqual([5, 10])
    // Structured clone keeps typed arrays typed across the process boundary.
    expect(preds[0].prob).toBeInstanceOf(Uint8Array)
    expect(preds[0].prob.length).toBe(48 * 48)

    trainer.send({ type: 'predict', jobId: 'p2', checkpointDir: bestDir, task: 'segmentation', dbPath: project.dbPath, imageIds: [5], inputSize: 64 })
    const refused = await next((m) => m.type === 'failed' && m.jobId === 'p2')
    expect(refused).toMatchObject({ code: 'checkpoint', reason: expect.stringMatching(/takes 32×32 inputs/) })
  }, 120_000)

  it('cancel stops at the next batch and keeps the best checkpoint', async () => {
    const { trainer, next } = start()
    trainer.send({ type: 'start', runId: 'r2', snapshot: project.segSnapshot, config: { ...segConfig, inputSize: 16, baseFilters: 4, epochs: 50 } })
    await next((m) => m.type === 'checkpoint' && m.kind === 'best')
    trainer.send({ type: 'cancel', runId: 'r2' })
    const done = await next((m) => m.type === 'done' || m.type === 'failed')
    expect(done).toMatchObject({ type: 'done', runId: 'r2', cancelled: true })
    if (done.type === 'done') expect(done.epochs).toBeLessThan(50)
    expect(existsSync(join(project.dir, 'runs', 'r2', 'best', 'model.json'))).toBe(true)
  })

  it('refuses a start whose data cannot train, and stays up', async () => {
    const { trainer, next } = start()
    const oneClass = project.clsSnapshot.items.train.filter((i) => i.classIndex === 1)
    trainer.send({ type: 'start', runId: 'r3', snapshot: { ...project.clsSnapshot, items: { train: oneClass, val: [] } }, config: { task: 'classification', backend } })
    const failed = await next((m) => m.type === 'failed')
    expect(failed).toMatchObject({ runId: 'r3', code: 'invalid', reason: expect.stringMatching(/all training images are labelled "opacity"/) })
    trainer.send({ type: 'start', runId: 'r4', snapshot: project.segSnapshot, config: { task: 'segmentation', batchSize: 0 } })
    expect(await next((m) => m.type === 'failed' && m.runId === 'r4')).toMatchObject({ code: 'invalid', reason: expect.stringMatching(/batchSize/) })
    expect(trainer.exited).toBe(false)
  })

  it('reports a killed trainer through onExit', async () => {
    const { trainer, next } = start()
    await next((m) => m.type === 'ready')
    const exit = new Promise<[number | null, string | null, string]>((resolve) => trainer.onExit((...a) => resolve(a)))
    trainer.kill()
    const [code, signal, reason] = await exit
    expect(code).toBeNull()
    expect(signal).toBe('SIGKILL')
    expect(reason).toMatch(/killed/)
    expect(trainer.exited).toBe(true)
    expect(() => trainer.send({ type: 'cancel' })).toThrow(/has exited/)
  })
})
