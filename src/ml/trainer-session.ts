// The trainer's message handling, independent of the transport (fork child or Electron
// utilityProcess): one job at a time; `cancel` is honoured between batches.
import type { BackendName, BackendPreference, MainToTrainer, TrainerToMain } from '../shared/trainer-protocol'
import { chooseBackend } from './backend'
import { resolveConfig } from './config'
import { classifyFailure } from './failure'
import { runTraining } from './run-training'
import { predictImages } from './predict'
import { saliencyForImage } from './saliency'

export class TrainerSession {
  private backend: BackendName | null = null
  private backendPref: BackendPreference | null = null
  private backendPurpose: 'train' | 'predict' = 'train'
  private busy: string | null = null
  private cancelRequested = false

  constructor(private readonly send: (msg: TrainerToMain) => void) {}

  /** Chooses the backend (again only when the preference changes) and reports it with `ready`. */
  async ensureBackend(pref: BackendPreference, purpose: 'train' | 'predict' = 'train'): Promise<BackendName> {
    // A backend picked for prediction may not train (wasm without gradient kernels): choose again.
    // 'auto' keeps whatever is loaded (the process may have been started with RADLAB_BACKEND).
    const samePref = this.backendPref === pref || pref === 'auto'
    if (this.backend && samePref && (this.backendPurpose === 'train' || purpose === 'predict')) return this.backend
    const choice = await chooseBackend(pref, purpose)
    this.backend = choice.name
    this.backendPref = pref
    this.backendPurpose = purpose
    this.send({ type: 'ready', backend: choice.name, backendReport: choice.report })
    return choice.name
  }

  async handle(msg: MainToTrainer): Promise<void> {
    switch (msg.type) {
      case 'cancel':
        if (this.busy && (!msg.runId || msg.runId === this.busy)) this.cancelRequested = true
        return
      case 'start':
        return this.exclusive(msg.runId, () => this.train(msg))
      case 'predict':
        return this.exclusive(msg.jobId, () => this.predict(msg))
      case 'saliency':
        return this.exclusive(msg.jobId, () => this.saliency(msg))
      case 'shutdown':
        return
    }
  }

  private async exclusive(id: string, job: () => Promise<void>): Promise<void> {
    if (this.busy) {
      this.send({ type: 'failed', runId: id, jobId: id, code: 'invalid', reason: `the trainer is busy with ${this.busy}; queue jobs in main` })
      return
    }
    this.busy = id
    this.cancelRequested = false
    try {
      await job()
    } finally {
      this.busy = null
    }
  }

  private async train(msg: Extract<MainToTrainer, { type: 'start' }>): Promise<void> {
    const { runId } = msg
    try {
      const cfg = resolveConfig(msg.config)
      const backend = await this.ensureBackend(cfg.backend, 'train')
      const result = await runTraining(runId, msg.snapshot, cfg, {
        onWorkers: (w) => this.send({ type: 'workers', runId, ...w }),
        onProgress: (p) => this.send({ type: 'progress', runId, ...p }),
        onEpochEnd: (metrics) => this.send({ type: 'epochEnd', runId, metrics }),
        onCheckpoint: (c) => this.send({ type: 'checkpoint', runId, ...c }),
        shouldCancel: () => this.cancelRequested,
      })
      this.send({ type: 'done', runId, best: result.best, epochs: result.epochs.length, cancelled: result.cancelled, backend, seconds: result.seconds })
    } catch (err) {
      this.send({ type: 'failed', runId, ...classifyFailure(err) })
    }
  }

  private async predict(msg: Extract<MainToTrainer, { type: 'predict' }>): Promise<void> {
    const { jobId } = msg
    const t0 = performance.now()
    try {
      const backend = await this.ensureBackend(msg.backend ?? this.backendPref ?? 'auto', 'predict')
      const { count, workers } = await predictImages({
        checkpointDir: msg.checkpointDir,
        dbPath: msg.dbPath,
        imageIds: msg.imageIds,
        task: msg.task,
        inputSize: msg.inputSize,
        classes: msg.classes,
        normalisation: msg.normalisation,
        batchSize: msg.batchSize,
        shouldCancel: () => this.cancelRequested,
        onBatch: (items, done, total) => this.send({ type: 'predictions', jobId, items, done, total }),
      })
      this.send({ type: 'predictDone', jobId, count, seconds: (performance.now() - t0) / 1000, backend, workers })
    } catch (err) {
      this.send({ type: 'failed', jobId, ...classifyFailure(err) })
    }
  }

  private async saliency(msg: Extract<MainToTrainer, { type: 'saliency' }>): Promise<void> {
    try {
      await this.ensureBackend(this.backendPref ?? 'auto', 'predict')
      const r = await saliencyForImage(msg.checkpointDir, msg.dbPath, msg.imageId, msg.classIndex)
      this.send({ type: 'saliencyResult', jobId: msg.jobId, ...r })
    } catch (err) {
      this.send({ type: 'failed', jobId: msg.jobId, ...classifyFailure(err) })
    }
  }
}
