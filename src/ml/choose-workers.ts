// How many threads train: tfjs-node already uses every core, but wasm and cpu run on one, so
// with a spare core the engine times a few real steps on one worker thread and on two
// data-parallel workers and keeps the faster (two workers cost memory and start-up, so they must
// win clearly). Either way the steps then run off the trainer's own thread.
import * as tf from '@tensorflow/tfjs'
import { availableParallelism } from 'node:os'
import type { LossName, TrainConfig } from '../shared/trainer-protocol'
import type { LossFn } from './losses'
import { ParallelStepRunner } from './parallel-runner'
import { LocalStepRunner, type StepRunner } from './step-runner'

/** Shorter runs than this (optimiser steps in all epochs) are not worth the timing trial. */
export const MIN_STEPS_TO_MEASURE = 60
/** Two workers are kept only when a step takes at most this share of one thread's time. */
export const PARALLEL_MUST_BEAT = 0.9

export type WorkersSetting = 'auto' | number

export interface WorkerPlan {
  /** Worker counts worth trying, in order; one entry means no trial. */
  candidates: number[]
  reason: string
}

export function planWorkers(o: { requested: WorkersSetting; backend: string; batchSize: number; steps: number; cores: number }): WorkerPlan {
  if (o.requested !== 'auto') {
    const n = Math.max(1, Math.min(o.requested, o.batchSize))
    return { candidates: [n], reason: n === o.requested ? 'set in the training settings' : `set to ${o.requested}, capped at the batch size` }
  }
  if (o.backend !== 'wasm' && o.backend !== 'cpu') return { candidates: [1], reason: `the ${o.backend} backend uses every core itself` }
  if (o.cores < 2) return { candidates: [1], reason: 'this machine has one core' }
  if (o.batchSize < 2) return { candidates: [1], reason: 'a batch of one cannot be split' }
  if (o.steps < MIN_STEPS_TO_MEASURE) return { candidates: [1], reason: `a short run (${o.steps} steps) is not worth timing two workers` }
  return { candidates: [1, 2], reason: 'timed' }
}

export interface WorkerChoice {
  runner: StepRunner
  workers: number
  reason: string
  /** Seconds per step of each candidate, when they were timed. */
  timings?: Array<{ workers: number; secPerStep: number }>
}

export interface ChooseOptions {
  model: tf.LayersModel
  lossFn: LossFn
  cfg: TrainConfig
  loss: LossName
  outputs: number
  steps: number
  /** A real batch for the timing trial (the caller disposes it). */
  sampleBatch: () => { xs: tf.Tensor; ys: tf.Tensor }
  cores?: number
}

/** Decisions already timed in this process, keyed by what decides a step's cost. */
const decided = new Map<string, number>()

function decisionKey(o: ChooseOptions, backend: string): string {
  const c = o.cfg
  return JSON.stringify([backend, c.task, c.model, c.inputSize, c.batchSize, c.baseFilters, c.depth, c.batchNorm, c.dropout, o.outputs])
}

/** `offThread`: even one worker runs on a worker thread (see chooseStepRunner). */
async function makeRunner(o: ChooseOptions, workers: number, backend: string, offThread = false): Promise<StepRunner> {
  if (workers === 1 && !offThread) return new LocalStepRunner(o.model, o.lossFn, o.cfg.lr)
  return ParallelStepRunner.create({
    model: o.model, loss: o.loss, outputs: o.outputs, classWeights: o.cfg.classWeights, lr: o.cfg.lr,
    backend: backend === 'cpu' ? 'cpu' : 'wasm', workers,
  })
}

/**
 * Median seconds per step. Warm-up first (at least two steps, until ~0.5 s): a fresh worker's
 * first steps compile kernels and grow its heap, and would make two workers look slow. Then at
 * least three timed steps, more while they fit in ~1 s (at most 20).
 */
async function timeSteps(runner: StepRunner, batch: { xs: tf.Tensor; ys: tf.Tensor }): Promise<number> {
  const warmStart = performance.now()
  for (let i = 0; i < 2 || (i < 10 && performance.now() - warmStart < 500); i++) await runner.trainStep(batch.xs, batch.ys)
  const times: number[] = []
  const start = performance.now()
  while (times.length < 3 || (times.length < 20 && performance.now() - start < 1000)) {
    const t0 = performance.now()
    await runner.trainStep(batch.xs, batch.ys)
    times.push((performance.now() - t0) / 1000)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

export async function chooseStepRunner(o: ChooseOptions): Promise<WorkerChoice> {
  const backend = tf.getBackend()
  const plan = planWorkers({ requested: o.cfg.workers ?? 'auto', backend, batchSize: o.cfg.batchSize, steps: o.steps, cores: o.cores ?? availableParallelism() })
  const key = decisionKey(o, backend)
  const known = plan.candidates.length > 1 ? decided.get(key) : undefined
  if (plan.candidates.length === 1) return { runner: await makeRunner(o, plan.candidates[0]!, backend), workers: plan.candidates[0]!, reason: plan.reason }
  // From here on every step runs on worker threads, one or two: this thread's wasm heap never
  // shrinks, so a trial step here would keep its memory for the rest of the run.
  if (known !== undefined) return { runner: await makeRunner(o, known, backend, true), workers: known, reason: 'timed earlier in this session' }
  // Timing trial on a real batch; afterwards weights and optimiser state are as if it never ran.
  const initial = o.model.getWeights().map((w) => ({ data: w.dataSync().slice() as Float32Array, shape: w.shape.slice() }))
  const batch = o.sampleBatch()
  const timings: Array<{ workers: number; secPerStep: number }> = []
  const n = plan.candidates[1]!
  let parallel: ParallelStepRunner | null = null
  try {
    // One worker at a time, so the trial's peak memory is that of the larger runner alone.
    for (const workers of [1, n]) {
      parallel = (await makeRunner(o, workers, backend, true)) as ParallelStepRunner
      timings.push({ workers, secPerStep: await timeSteps(parallel, batch) })
      if (workers === 1) {
        await parallel.dispose()
        parallel = null
      }
    }
    await parallel!.restart(initial)
  } catch (err) {
    // Workers that cannot start (e.g. a missing bundle) must not stop training: use this thread.
    await parallel?.dispose()
    decided.set(key, 1)
    const why = err instanceof Error ? err.message : String(err)
    return { runner: await makeRunner(o, 1, backend), workers: 1, reason: `worker threads failed (${why}); training on the trainer's own thread`, timings }
  } finally {
    tf.dispose([batch.xs, batch.ys])
  }
  const [one, two] = timings
  const useParallel = two!.secPerStep <= one!.secPerStep * PARALLEL_MUST_BEAT
  decided.set(key, useParallel ? n : 1)
  const ratio = (one!.secPerStep / two!.secPerStep).toFixed(2)
  if (useParallel) return { runner: parallel!, workers: n, reason: `timed: ${n} workers ${ratio}× one`, timings }
  await parallel!.dispose()
  return { runner: await makeRunner(o, 1, backend, true), workers: 1, reason: `timed: ${n} workers only ${ratio}× one`, timings }
}

/** For tests: forget earlier timing decisions. */
export function forgetWorkerDecisions(): void {
  decided.clear()
}
