// The job manager with the REAL trainer process and a real project DB: persistence of what the
// trainer reports, faults (a killed trainer), refusals, and Grad-CAM.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../test/fixtures'
import type { RunSummary } from '../../shared/domain'
import { EventBus } from '../ipc/event-bus'
import { runImport } from '../services/import'
import { ProjectRegistry } from '../services/project-registry'
import type { Project } from '../services/project'
import { JobManager } from './job-manager'

let dir: string
let registry: ProjectRegistry
let jobs: JobManager
let seg: Project
let cls: Project
const events = new EventBus()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-jobs-'))
  process.env.RADLAB_HOME = join(dir, 'home')
  registry = new ProjectRegistry()
  jobs = new JobManager(registry, events)
  seg = registry.create(join(dir, 'seg'))
  await runImport(seg, { paths: [makeLayoutFolder('images-masks', join(dir, 'segsrc'), 8, 32).root] })
  cls = registry.create(join(dir, 'cls'))
  await runImport(cls, { paths: [makeLayoutFolder('classes', join(dir, 'clssrc'), 4, 32).root] })
})
afterAll(() => {
  jobs.shutdown()
  registry.closeAll()
  delete process.env.RADLAB_HOME
  rmSync(dir, { recursive: true, force: true })
})

describe('job manager', () => {
  it('persists epochs, checkpoints and the backend of a run trained in the trainer process', async () => {
    const seen: string[] = []
    const off = events.subscribe((c) => seen.push(c))
    const run = jobs.startTraining(seg, { task: 'segmentation', epochs: 2, inputSize: 32, batchSize: 4 })
    expect(run.status).toBe('queued')
    const done = (await jobs.waitFor(run.id)) as RunSummary
    off()
    expect(done.status).toBe('done')
    expect(done.backend).toMatch(/wasm|cpu|tensorflow/)
    expect(done.epochs.map((e) => e.epoch)).toEqual([1, 2])
    expect(done.dataHash).toMatch(/^[0-9a-f]{16}$/)
    expect(seg.repos.runs.checkpoints(run.id).map((c) => c.kind).sort()).toEqual(['best', 'last'])
    expect(seen).toContain('training:epoch')
    expect(seen).toContain('training:status')
  })

  it('marks a run failed with the reason when its trainer is killed, and keeps answering', async () => {
    const run = jobs.startTraining(seg, { task: 'segmentation', epochs: 500, inputSize: 32, batchSize: 2 })
    const failed = jobs.waitFor(run.id).then(() => 'resolved', (e: Error) => e.message)
    await new Promise<void>((resolve) => {
      const off = events.subscribe((c) => { if (c === 'training:progress') { off(); resolve() } })
    })
    process.kill(jobs.activeTrainerPid()!, 'SIGKILL')
    expect(await failed).toMatch(/killed/)
    const row = seg.repos.runs.get(run.id)!
    expect(row.status).toBe('failed')
    expect(row.error).toMatch(/killed/)
    // The app answers and can train again.
    expect(seg.repos.images.stats().images).toBeGreaterThan(0)
    const next = jobs.startTraining(seg, { task: 'segmentation', epochs: 1, inputSize: 32, batchSize: 4 })
    expect(((await jobs.waitFor(next.id)) as RunSummary).status).toBe('done')
  })

  it('cancel stops at the next batch and keeps the best checkpoint', async () => {
    const run = jobs.startTraining(seg, { task: 'segmentation', epochs: 300, inputSize: 32, batchSize: 2 })
    await new Promise<void>((resolve) => {
      const off = events.subscribe((c, p) => { if (c === 'training:epoch' && (p as { runId: string }).runId === run.id) { off(); resolve() } })
    })
    jobs.cancel(seg, run.id)
    const done = (await jobs.waitFor(run.id)) as RunSummary
    expect(done.status).toBe('cancelled')
    expect(done.epochs.length).toBeLessThan(300)
    expect(seg.repos.runs.checkpoints(run.id).some((c) => c.kind === 'best')).toBe(true)
  })

  it('refuses before starting when the data cannot train', () => {
    expect(() => jobs.startTraining(cls, { task: 'segmentation' })).toThrow(/no image outside the test split has a mask/)
    expect(() => jobs.startTraining(seg, { task: 'classification' })).toThrow(/no image has a class label/)
    expect(() => jobs.startTraining(seg, { task: 'segmentation', epochs: -1 })).toThrow(/training config: epochs/)
  })

  it('gives a Grad-CAM heat map at the image size for a classification run', async () => {
    const run = jobs.startTraining(cls, { task: 'classification', epochs: 1, inputSize: 32, batchSize: 4 })
    await jobs.waitFor(run.id)
    const imageId = cls.repos.images.ids(undefined)[0]
    const s = await jobs.saliency(cls, run.id, imageId)
    expect(s.width).toBe(32)
    expect(s.height).toBe(32)
    expect(s.heat.length).toBe(32 * 32)
    await expect(jobs.saliency(seg, seg.repos.runs.list()[0].id, 1)).rejects.toThrow(/classification runs/)
  })
})
