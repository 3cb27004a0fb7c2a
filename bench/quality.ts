// Model quality on the two reference tasks, trained through the real trainer process:
// phantom lesion segmentation (val Dice) and Fashion-MNIST with the built-in CNN recipe (test accuracy).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProject } from '../src/main/services/project'
import { runImport } from '../src/main/services/import'
import { trainInProject } from '../src/main/services/train-to-end'
import { EventBus } from '../src/main/ipc/event-bus'
import { JobManager } from '../src/main/jobs/job-manager'
import { ProjectRegistry } from '../src/main/services/project-registry'
import { predictionImageIds } from '../src/main/services/predict'
import { classificationReview } from '../src/main/services/review'
import { makeLayoutFolder } from '../test/fixtures/layouts'
import { machine, printTable } from './lib/machine'
import { writeSuiteJson } from './lib/trainMachine'

const FASHION = '/usr/share/datasets/fashion-mnist'
const quiet = () => {}

async function phantom(work: string) {
  const f = makeLayoutFolder('images-masks', join(work, 'phantom-src'), Number(process.env.RADLAB_QUALITY_PHANTOMS ?? 60), 128)
  const p = createProject(join(work, 'phantom'))
  await runImport(p, { paths: [f.root] })
  p.close()
  const t0 = performance.now()
  const run = await trainInProject(join(work, 'phantom'), { task: 'segmentation', model: 'unet-small', inputSize: 64, batchSize: 8, epochs: Number(process.env.RADLAB_QUALITY_SEG_EPOCHS ?? 15), lr: 1e-3 }, true, quiet)
  return { dice: run.best?.valDice ?? null, seconds: (performance.now() - t0) / 1000, backend: run.backend, status: run.status, error: run.error }
}

async function fashion(work: string) {
  if (!existsSync(join(FASHION, 'train-images-idx3-ubyte.gz'))) return null
  const dir = join(work, 'fashion')
  const p = createProject(dir)
  await runImport(p, { paths: [FASHION], classes: ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'] })
  p.close()
  const t0 = performance.now()
  const run = await trainInProject(dir, { task: 'classification', model: 'cnn', inputSize: 28, batchSize: 64, epochs: Number(process.env.RADLAB_QUALITY_CLS_EPOCHS ?? 6), lr: 1e-3, schedule: 'step', stepSize: 4, gamma: 0.3, augmentation: false }, true, quiet)
  const seconds = (performance.now() - t0) / 1000
  // Test accuracy: predict the held-out t10k split with the best checkpoint.
  const registry = new ProjectRegistry()
  const jobs = new JobManager(registry, new EventBus())
  const project = registry.open(dir)
  try {
    const { jobId } = jobs.startPrediction(project, run.id, predictionImageIds(project, 'test'))
    await jobs.waitFor(jobId)
    const review = classificationReview(project, run.id)
    return { accuracy: review.accuracy, seconds, backend: run.backend, status: run.status, error: run.error }
  } finally {
    jobs.shutdown()
    registry.closeAll()
  }
}

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'radlab-bench-quality-'))
  try {
    const seg = await phantom(work)
    const cls = await fashion(work)
    const result = {
      phantomDice: seg.dice, phantomSeconds: Math.round(seg.seconds), phantomStatus: seg.status,
      fashionMnistAccuracy: cls?.accuracy ?? null, fashionMnistSeconds: cls ? Math.round(cls.seconds) : null, fashionMnistStatus: cls?.status ?? 'skipped: dataset-fashion-mnist not installed',
      backend: seg.backend, ...machine(),
    }
    printTable(result)
    console.log(`wrote ${writeSuiteJson('quality', result)}`)
    return result
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
