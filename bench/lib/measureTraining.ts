/**
 * Child-process entry for `bench/train.ts`: measures one configuration
 * (model × mode × backend) and prints one JSON line. Run as
 *   node --import tsx bench/lib/measureTraining.ts '{"model":"unet","mode":"train","backend":"wasm","seconds":10,"runs":3}'
 */
import * as tf from '@tensorflow/tfjs'
import { initWasmBackend, speedUpCpuBackend } from '../../src/ml/kernels'
import { buildReferenceCnn, buildReferenceUnet } from '../../src/ml/kernels/reference/models'
import { makeOptimizer, trainStep } from '../../src/ml/kernels/reference/step'
import { createDataParallelTrainer } from '../../src/ml/parallel'
import os from 'node:os'
import { chooseStepRunner } from '../../src/ml/choose-workers'
import { resolveConfig } from '../../src/ml/config'
import { makeLoss } from '../../src/ml/losses'
import { createParallelForward } from '../../src/ml/parallel-runner'
import { predictWorkers } from '../../src/ml/predict'
import { median } from './stats'
import { peakRssMb } from './trainMachine'

export interface MeasureConfig {
  model: 'cnn' | 'unet'
  mode: 'train' | 'infer'
  /**
   * 'wasm', 'wasm-2workers' (data-parallel, two worker threads), 'cpu', or 'engine': what a
   * training run / prediction job does on its own (wasm, threads chosen automatically).
   */
  backend: string
  seconds: number
  runs: number
  /** Give up extending a run after this many seconds (very slow backends). */
  maxSecondsPerRun?: number
}

export interface MeasureResult extends MeasureConfig {
  /** Threads used (the engine's own choice for 'engine'). */
  workers: number
  /** Why the engine chose that many ('engine' only). */
  workersReason?: string
  imgPerSec: number
  /** Images per CPU-second of this process (all threads): robust to other load on the machine, blind to parallel speed-up. */
  imgPerCpuSec: number
  runRates: number[]
  stepsPerRun: number[]
  peakRssMb: number
  params: number
  batch: number
}

const EXPECTED_PARAMS = { cnn: 225_034, unet: 481_745 }

function data(model: 'cnn' | 'unet', batch: number) {
  const size = model === 'cnn' ? 28 : 128
  const xs = tf.randomNormal([batch, size, size, 1], 0, 1, 'float32', 1)
  const ys =
    model === 'cnn'
      ? tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10).toFloat()
      : tf.randomUniform([batch, size, size, 1], 0, 1, 'float32', 3).greater(0.5).toFloat()
  return { xs, ys }
}

/** Runs `step` (which processes `batch` images) for `runs` runs of >= `seconds` each after a warm-up; returns img/s per run. */
async function timeRuns(step: () => Promise<void> | void, batch: number, cfg: MeasureConfig) {
  const warmStart = performance.now()
  await step()
  const warmSeconds = (performance.now() - warmStart) / 1000
  // A backend that needs longer than a whole run for one step (the cpu backend on the U-Net) is timed by that step alone.
  if (cfg.maxSecondsPerRun && warmSeconds >= cfg.seconds) return { rates: [batch / warmSeconds], steps: [1], imgPerCpuSec: NaN }
  if (warmSeconds < 2) await step()
  const rates: number[] = []
  const steps: number[] = []
  const cpu0 = process.cpuUsage()
  let images = 0
  for (let r = 0; r < cfg.runs; r++) {
    let n = 0
    const t0 = performance.now()
    let dt = 0
    do {
      await step()
      n++
      dt = (performance.now() - t0) / 1000
    } while (dt < cfg.seconds && !(cfg.maxSecondsPerRun && dt > cfg.maxSecondsPerRun))
    rates.push((n * batch) / dt)
    steps.push(n)
    images += n * batch
  }
  const cpu = process.cpuUsage(cpu0)
  return { rates, steps, imgPerCpuSec: images / ((cpu.user + cpu.system) / 1e6) }
}

export async function measure(cfg: MeasureConfig): Promise<MeasureResult> {
  const batch = cfg.model === 'cnn' ? 64 : 8
  const loss = cfg.model === 'cnn' ? 'softmaxCrossEntropy' : 'sigmoidCrossEntropy'
  if (cfg.backend === 'cpu') {
    speedUpCpuBackend()
    await tf.setBackend('cpu')
  } else if (!(await initWasmBackend())) {
    throw new Error('wasm backend failed to load')
  }
  const model = cfg.model === 'cnn' ? buildReferenceCnn() : buildReferenceUnet()
  const params = model.countParams()
  if (params !== EXPECTED_PARAMS[cfg.model]) throw new Error(`${cfg.model} has ${params} parameters, expected ${EXPECTED_PARAMS[cfg.model]}`)
  const { xs, ys } = data(cfg.model, batch)
  let timing: { rates: number[]; steps: number[]; imgPerCpuSec: number }
  let workers = cfg.backend === 'wasm-2workers' ? 2 : 1
  let workersReason: string | undefined
  if (cfg.backend === 'engine') {
    const lossName = cfg.model === 'cnn' ? 'cce' : 'bce'
    const outputs = cfg.model === 'cnn' ? 10 : 1
    if (cfg.mode === 'train') {
      const engineCfg = { ...resolveConfig({ task: cfg.model === 'cnn' ? 'classification' : 'segmentation', batchSize: batch, lr: 1e-3, loss: lossName }), workers: 'auto' as const }
      const choice = await chooseStepRunner({
        model, lossFn: makeLoss(lossName, outputs, null), cfg: engineCfg, loss: lossName, outputs, steps: 10_000,
        sampleBatch: () => ({ xs: xs.clone(), ys: ys.clone() }),
      })
      workers = choice.workers
      workersReason = choice.reason
      timing = await timeRuns(async () => void (await choice.runner.trainStep(xs, ys)), batch, cfg)
      await choice.runner.dispose()
    } else {
      workers = predictWorkers({ requested: 'auto', backend: tf.getBackend(), images: 10_000, batchSize: batch, cores: os.availableParallelism() })
      workersReason = 'prediction job rule (enough images, a spare core)'
      const forward = workers > 1 ? await createParallelForward(model, 'wasm', workers) : null
      timing = forward
        ? await timeRuns(async () => void (await forward.forward(xs)).dispose(), batch, cfg)
        : await timeRuns(() => tf.tidy(() => void (model.predict(xs) as tf.Tensor).dataSync()), batch, cfg)
      await forward?.dispose()
    }
  } else if (cfg.backend === 'wasm-2workers') {
    const trainer = await createDataParallelTrainer({
      modelTopology: model.toJSON(null, false) as object,
      optimizer: { name: 'adam', learningRate: 1e-3 },
      loss,
      workers: 2,
      backend: 'wasm',
    })
    const x = { data: xs.dataSync() as Float32Array, shape: xs.shape }
    const y = { data: ys.dataSync() as Float32Array, shape: ys.shape }
    timing =
      cfg.mode === 'train'
        ? await timeRuns(async () => void (await trainer.trainStep(x, y)), batch, cfg)
        : await timeRuns(async () => void (await trainer.predict(x)), batch, cfg)
    await trainer.dispose()
  } else {
    const opt = makeOptimizer({ name: 'adam', learningRate: 1e-3 })
    timing =
      cfg.mode === 'train'
        ? await timeRuns(() => void trainStep(model, opt, loss, xs, ys), batch, cfg)
        : await timeRuns(() => tf.tidy(() => void (model.predict(xs) as tf.Tensor).dataSync()), batch, cfg)
  }
  return { ...cfg, workers, workersReason, imgPerSec: median(timing.rates), imgPerCpuSec: timing.imgPerCpuSec, runRates: timing.rates, stepsPerRun: timing.steps, peakRssMb: peakRssMb(), params, batch }
}

const arg = process.argv[2]
if (arg && process.argv[1] && /measureTraining\.ts$/.test(process.argv[1])) {
  measure(JSON.parse(arg) as MeasureConfig)
    .then((r) => {
      process.stdout.write(JSON.stringify(r) + '\n')
      process.exit(0)
    })
    .catch((e: Error) => {
      process.stderr.write(`${e.stack ?? e.message}\n`)
      process.exit(1)
    })
}
