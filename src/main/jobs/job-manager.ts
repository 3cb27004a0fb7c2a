// Queues training and prediction jobs, runs one at a time in a supervised trainer process,
// and persists everything the trainer reports. If the trainer dies, the job is marked failed
// with the reason and the app keeps running.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { RunSummary, Task } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import type { TrainerToMain, MainToTrainer, TrainConfig, CheckpointCard } from '../../shared/trainer-protocol'
import { trainConfigSchema, resolveConfig } from '../../ml/config'
import { meanBinaryEntropy } from '../../ml/metrics/uncertainty'
import type { EventBus } from '../ipc/event-bus'
import type { Project } from '../services/project'
import type { ProjectRegistry } from '../services/project-registry'
import { buildSnapshot } from './snapshot'
import { scoreNewPredictions } from '../services/review'
import { spawnTrainer, type TrainerHandle } from './trainer-process'
import { readFileSync, existsSync } from 'node:fs'

interface TrainJob {
  kind: 'train'
  project: Project
  runId: string
  message: MainToTrainer
}
interface PredictJob {
  kind: 'predict'
  project: Project
  runId: string
  jobId: string
  imageIds: number[]
  message: MainToTrainer
}
interface SaliencyJob {
  kind: 'saliency'
  project: Project
  runId: string
  jobId: string
  message: MainToTrainer
}
type Job = TrainJob | PredictJob | SaliencyJob

type Waiter = { resolve: (v: unknown) => void; reject: (e: Error) => void }

export class JobManager {
  private readonly queue: Job[] = []
  private active: { job: Job; trainer: TrainerHandle; cancelled: boolean; finished: boolean } | null = null
  private readonly waiters = new Map<string, Waiter[]>()
  /** Lets the CLI and tests observe raw trainer messages (e.g. to print JSON lines). */
  private readonly listeners = new Set<(msg: TrainerToMain, projectId: string) => void>()

  constructor(private readonly projects: ProjectRegistry, private readonly events: EventBus) {}

  onMessage(listener: (msg: TrainerToMain, projectId: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  recoverInterrupted(project: Project) {
    project.repos.runs.failInterrupted('RadLab stopped while this run was in progress')
  }

  startTraining(project: Project, input: Record<string, unknown>): RunSummary {
    const parsed = trainConfigSchema.safeParse(input)
    if (!parsed.success) {
      const i = parsed.error.issues[0]
      throw new RadlabError('invalid_input', `training config: ${i.path.join('.') || 'config'}: ${i.message}`)
    }
    const config: TrainConfig = resolveConfig(parsed.data)
    const snapshot = buildSnapshot(project, config.task)
    const runId = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 6)}`
    const name = `${config.task === 'segmentation' ? 'U-Net' : 'CNN'} ${config.model} ${config.inputSize}px`
    const run = project.repos.runs.insert({ id: runId, name, task: config.task, config: config as unknown as Record<string, unknown>, seed: config.seed, dataHash: snapshot.dataHash, snapshot: { train: snapshot.items.train.length, val: snapshot.items.val.length } })
    this.queue.push({ kind: 'train', project, runId, message: { type: 'start', runId, snapshot, config } })
    this.emitStatus(project, runId)
    this.pump()
    return run
  }

  cancel(project: Project, runId: string): RunSummary {
    const run = project.repos.runs.get(runId)
    if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
    const queuedAt = this.queue.findIndex((j) => j.runId === runId && j.project === project)
    if (queuedAt >= 0) {
      const [job] = this.queue.splice(queuedAt, 1)
      if (job.kind === 'train') {
        project.repos.runs.finish(runId, 'cancelled', { error: null })
        this.settle(runId, null)
      }
    } else if (this.active && this.active.job.runId === runId && this.active.job.kind === 'train') {
      this.active.cancelled = true
      this.active.trainer.send({ type: 'cancel', runId })
    }
    this.emitStatus(project, runId)
    return project.repos.runs.get(runId)!
  }

  /** Resolves when a run (or prediction job) ends: the run summary, or rejects with its failure. */
  waitFor(id: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(id) ?? []
      list.push({ resolve, reject })
      this.waiters.set(id, list)
    })
  }

  bestCheckpoint(project: Project, runId: string): { dir: string; card: CheckpointCard | null } {
    const cps = project.repos.runs.checkpoints(runId)
    const cp = cps.find((c) => c.kind === 'best') ?? cps.find((c) => c.kind === 'last')
    if (!cp) throw new RadlabError('not_found', `run ${runId} has no checkpoint to predict with`)
    const dir = cp.path.startsWith('/') ? cp.path : join(project.dir, cp.path)
    const cardPath = join(dir, 'radlab-card.json')
    const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as CheckpointCard) : null
    return { dir, card }
  }

  startPrediction(project: Project, runId: string, imageIds: number[]): { jobId: string; images: number } {
    const run = project.repos.runs.get(runId)
    if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
    if (imageIds.length === 0) throw new RadlabError('invalid_input', 'no images to predict')
    const { dir, card } = this.bestCheckpoint(project, runId)
    const task: Task = run.task
    if (card) {
      if (task === 'segmentation') {
        const current = project.repos.classes.list().filter((c) => c.kind === 'mask').map((c) => c.value)
        const missing = card.classes.filter((c) => !current.includes(c.value))
        if (missing.length) throw new RadlabError('invalid_input', `the checkpoint of run ${runId} predicts class(es) ${missing.map((c) => c.name).join(', ')} that this project does not have`)
      } else {
        const names = project.repos.classes.list().filter((c) => c.kind === 'image').map((c) => c.name)
        const missing = card.classes.filter((c) => !names.includes(c.name))
        if (missing.length) throw new RadlabError('invalid_input', `the checkpoint of run ${runId} predicts class(es) ${missing.map((c) => c.name).join(', ')} that this project does not have`)
      }
    }
    const jobId = randomUUID()
    this.queue.push({
      kind: 'predict', project, runId, jobId, imageIds,
      message: { type: 'predict', jobId, checkpointDir: dir, task, dbPath: project.dbPath, imageIds, inputSize: card?.inputSize, classes: card?.classes, normalisation: card?.normalisation },
    })
    this.pump()
    return { jobId, images: imageIds.length }
  }

  /** Grad-CAM of one image for a classification run. Goes to the front of the queue: a user is waiting. */
  async saliency(project: Project, runId: string, imageId: number, classIndex?: number): Promise<{ imageId: number; width: number; height: number; classIndex: number; heat: Uint8Array }> {
    const run = project.repos.runs.get(runId)
    if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
    if (run.task !== 'classification') throw new RadlabError('invalid_input', `saliency maps are for classification runs; run ${runId} is ${run.task}`)
    const { dir } = this.bestCheckpoint(project, runId)
    const jobId = randomUUID()
    const done = this.waitFor(jobId) as Promise<{ imageId: number; width: number; height: number; classIndex: number; heat: Uint8Array }>
    this.queue.unshift({ kind: 'saliency', project, runId, jobId, message: { type: 'saliency', jobId, checkpointDir: dir, dbPath: project.dbPath, imageId, classIndex } })
    this.pump()
    return done
  }

  /** Pid of the running trainer process, if any (diagnostics, and the fault-injection tests). */
  activeTrainerPid(): number | undefined {
    return this.active?.trainer.pid
  }

  isBusy(): boolean {
    return this.active !== null || this.queue.length > 0
  }

  shutdown() {
    this.queue.length = 0
    this.active?.trainer.kill()
  }

  private pump(): void {
    if (this.active || this.queue.length === 0) return
    const job = this.queue.shift()!
    let trainer: TrainerHandle
    try {
      trainer = spawnTrainer()
    } catch (e) {
      this.failJob(job, `could not start the trainer process: ${(e as Error).message}`)
      return this.pump()
    }
    const state = { job, trainer, cancelled: false, finished: false }
    this.active = state
    trainer.onMessage((msg) => this.handle(state, msg))
    trainer.onExit((code, signal, reason) => {
      if (!state.finished) {
        const why = reason ?? `the trainer process exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`
        this.failJob(job, why)
      }
      if (this.active === state) this.active = null
      this.pump()
    })
    trainer.send(job.message)
  }

  private handle(state: NonNullable<JobManager['active']>, msg: TrainerToMain) {
    const { job } = state
    const project = job.project
    for (const l of this.listeners) l(msg, project.id)
    try {
      switch (msg.type) {
        case 'ready':
          if (job.kind === 'train') {
            project.repos.runs.markRunning(job.runId, msg.backend)
            this.emitStatus(project, job.runId)
          }
          break
        case 'progress': {
          const run = project.repos.runs.get(msg.runId)
          this.events.emit('training:progress', { projectId: project.id, runId: msg.runId, epoch: msg.epoch, epochs: Number(run?.config.epochs ?? 0), batch: msg.batch, batches: msg.batches, loss: msg.loss, smoothedLoss: msg.smoothedLoss, imgPerSec: msg.imgPerSec, etaSec: msg.etaSec, workers: msg.workers })
          break
        }
        case 'epochEnd':
          project.repos.runs.addEpoch(msg.runId, msg.metrics)
          this.events.emit('training:epoch', { projectId: project.id, runId: msg.runId, metrics: msg.metrics })
          break
        case 'checkpoint':
          project.repos.runs.setCheckpoint(msg.runId, { kind: msg.kind, epoch: msg.epoch, path: msg.dir, metricName: msg.metricName, metric: msg.metric })
          break
        case 'done': {
          state.finished = true
          const best = msg.best ? Object.fromEntries(Object.entries(msg.best).filter(([, v]) => typeof v === 'number')) as Record<string, number> : null
          project.repos.runs.finish(msg.runId, msg.cancelled ? 'cancelled' : 'done', { best })
          this.emitStatus(project, msg.runId)
          this.settle(msg.runId, project.repos.runs.get(msg.runId))
          state.trainer.kill()
          break
        }
        case 'failed':
          state.finished = true
          this.failJob(job, msg.reason)
          state.trainer.kill()
          break
        case 'predictions':
          if (job.kind !== 'predict') break
          project.db.transaction(() => {
            for (const item of msg.items) {
              if ('prob' in item) project.repos.predictions.upsertMask(job.runId, item.imageId, item.width, item.height, item.prob, meanBinaryEntropy(item.prob, 255))
              else project.repos.predictions.upsertProbs(job.runId, item.imageId, item.probs, classUncertainty(item.probs))
            }
            scoreNewPredictions(project, job.runId, msg.items.filter((i) => 'prob' in i).map((i) => i.imageId))
          })()
          this.events.emit('predict:progress', { projectId: project.id, jobId: job.jobId, runId: job.runId, done: msg.done, total: msg.total, finished: false })
          break
        case 'saliencyResult':
          if (job.kind !== 'saliency') break
          state.finished = true
          this.settle(job.jobId, { imageId: msg.imageId, width: msg.width, height: msg.height, classIndex: msg.classIndex, heat: msg.heat })
          state.trainer.kill()
          break
        case 'predictDone':
          if (job.kind !== 'predict') break
          state.finished = true
          this.events.emit('predict:progress', { projectId: project.id, jobId: job.jobId, runId: job.runId, done: msg.count, total: job.imageIds.length, finished: true })
          this.settle(job.jobId, { count: msg.count, seconds: msg.seconds, backend: msg.backend, workers: msg.workers ?? 1 })
          state.trainer.kill()
          break
        default:
          break
      }
    } catch (e) {
      // A DB write failing (disk full) must not leave the job hanging: stop it and say why.
      state.finished = true
      this.failJob(job, `could not save what the trainer reported: ${(e as Error).message}`)
      state.trainer.kill()
    }
  }

  private failJob(job: Job, reason: string) {
    if (job.kind === 'train') {
      try {
        job.project.repos.runs.finish(job.runId, 'failed', { error: reason })
      } catch {
        // The DB itself may be the problem; the waiter still learns the reason.
      }
      this.emitStatus(job.project, job.runId)
      this.settle(job.runId, null, new RadlabError('training', reason))
    } else if (job.kind === 'saliency') {
      this.settle(job.jobId, null, new RadlabError('training', reason))
    } else {
      this.events.emit('predict:progress', { projectId: job.project.id, jobId: job.jobId, runId: job.runId, done: 0, total: job.imageIds.length, finished: true, error: reason })
      this.settle(job.jobId, null, new RadlabError('training', reason))
    }
  }

  private settle(id: string, value: unknown, error?: Error) {
    const list = this.waiters.get(id) ?? []
    this.waiters.delete(id)
    for (const w of list) (error ? w.reject(error) : w.resolve(value))
  }

  private emitStatus(project: Project, runId: string) {
    const run = project.repos.runs.get(runId)
    if (run) this.events.emit('training:status', { projectId: project.id, run })
  }
}

/** Normalised entropy of a class distribution (0 = certain, 1 = uniform). */
function classUncertainty(probs: number[]): number {
  if (probs.length === 1) return meanBinaryEntropy([probs[0]])
  let h = 0
  for (const p of probs) if (p > 0) h -= p * Math.log(p)
  return h / Math.log(probs.length)
}
