import type { Command } from 'commander'
import { EventBus } from '../../main/ipc/event-bus'
import { trainInProject } from '../../main/services/train-to-end'
import { JobManager } from '../../main/jobs/job-manager'
import { ProjectRegistry } from '../../main/services/project-registry'
import { printJson, progressBar } from '../output'
import { predictionImageIds } from '../../main/services/predict'
import { writePredictionFiles } from '../../main/services/prediction-files'
import { runDemo } from '../../main/services/demo'

interface TrainOpts { task: string; epochs?: number; batchSize?: number; lr?: number; inputSize?: number; seed?: number; backend?: string; workers?: string; model?: string; augment?: boolean; json?: boolean }

const num = (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`)
  return n
}

export function registerTrainCommands(program: Command) {
  program.command('train <project>')
    .description('train a U-Net (segmentation) or CNN (classification) on the project')
    .requiredOption('--task <task>', 'segmentation | classification')
    .option('--model <preset>', 'unet-small | unet | cnn | cnn-vgg')
    .option('--epochs <n>', 'epochs', num)
    .option('--batch-size <n>', 'batch size', num)
    .option('--lr <x>', 'learning rate', num)
    .option('--input-size <n>', 'model input size (pixels per side)', num)
    .option('--seed <n>', 'random seed', num)
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu')
    .option('--workers <n|auto>', 'threads per step on wasm/cpu: auto (time 1 against 2) or a number')
    .option('--no-augment', 'turn augmentation off')
    .option('--json', 'one JSON object per line')
    .action(async (dir: string, o: TrainOpts) => {
      if (!['segmentation', 'classification'].includes(o.task)) throw new Error(`--task must be segmentation or classification (got ${o.task})`)
      const config: Record<string, unknown> = { task: o.task }
      if (o.model) config.model = o.model
      if (o.epochs !== undefined) config.epochs = o.epochs
      if (o.batchSize !== undefined) config.batchSize = o.batchSize
      if (o.lr !== undefined) config.lr = o.lr
      if (o.inputSize !== undefined) config.inputSize = o.inputSize
      if (o.seed !== undefined) config.seed = o.seed
      if (o.backend) config.backend = o.backend
      if (o.workers !== undefined) {
        const n = Number(o.workers)
        if (o.workers !== 'auto' && !(Number.isInteger(n) && n >= 1 && n <= 8)) throw new Error(`--workers must be auto or a whole number from 1 to 8 (got ${o.workers})`)
        config.workers = o.workers === 'auto' ? 'auto' : n
      }
      if (o.augment === false) config.augmentation = false
      const run = await trainInProject(dir, config, Boolean(o.json))
      if (run.status === 'failed') throw new Error(`training failed: ${run.error}`)
    })

  program.command('predict <project>')
    .description('run a trained model over images and store the predictions')
    .requiredOption('--run <id>', 'training run id')
    .option('--split <split>', 'train | val | test | all', 'all')
    .option('--out <dir>', 'also write one PNG mask per image (or a CSV of probabilities)')
    .option('--json', 'print a JSON summary')
    .action(async (dir: string, o: { run: string; split: string; out?: string; json?: boolean }) => {
      if (!['train', 'val', 'test', 'all'].includes(o.split)) throw new Error(`--split must be train, val, test or all (got ${o.split})`)
      const registry = new ProjectRegistry()
      const jobs = new JobManager(registry, new EventBus())
      const project = registry.open(dir)
      const bar = progressBar(!o.json)
      jobs.onMessage((m) => { if (m.type === 'predictions') bar.update(m.done, m.total, 'predicting') })
      try {
        const ids = predictionImageIds(project, o.split as 'all')
        const { jobId } = jobs.startPrediction(project, o.run, ids)
        const r = (await jobs.waitFor(jobId)) as { count: number; seconds: number; backend: string; workers: number }
        bar.stop()
        let files = 0
        if (o.out) files = writePredictionFiles(project, o.run, ids, o.out)
        const summary = { runId: o.run, images: r.count, seconds: r.seconds, imgPerSec: r.count / Math.max(r.seconds, 1e-9), backend: r.backend, workers: r.workers, out: o.out ?? null, files }
        if (o.json) printJson(summary)
        else console.log(`predicted ${r.count} images in ${r.seconds.toFixed(1)} s on ${r.backend}${r.workers > 1 ? ` (${r.workers} workers)` : ''}${o.out ? `; wrote ${files} files to ${o.out}` : ''}`)
      } finally {
        bar.stop()
        jobs.shutdown()
        registry.closeAll()
      }
    })

  program.command('demo [dir]')
    .description('build a phantom project (MRI lesions + chest X-rays), train a small U-Net and CNN, print their scores')
    .option('--seconds <n>', 'training budget per model, roughly', num, 60)
    .option('--backend <name>', 'force a backend')
    .option('--quick', 'a few images and epochs only (smoke test)')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string | undefined, o: { seconds: number; backend?: string; quick?: boolean; json?: boolean }) => {
      const r = await runDemo(dir ?? 'radlab-demo', { seconds: o.seconds, backend: o.backend, small: o.quick, log: (l) => (o.json ? process.stderr.write(`${l}\n`) : console.log(l)) })
      if (o.json) printJson(r)
      if (r.segmentation.status !== 'done' || r.classification.status !== 'done') process.exitCode = 1
    })
}
