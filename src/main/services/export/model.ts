// The trained model itself: the best checkpoint folder (tfjs layers format: model.json +
// weights.bin, as tf.loadLayersModel reads it) and a JSON card describing what it is.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { RadlabError } from '../../../shared/errors'
import type { CheckpointCard } from '../../../shared/trainer-protocol'
import type { Project } from '../project'
import { evaluateRun } from '../evaluate'

export const MODEL_CARD_FILE = 'model-card.json'

export function exportModel(project: Project, dir: string, runId: string | null): { files: number; warnings: string[] } {
  if (!runId) throw new RadlabError('invalid_input', 'exporting a model needs --run <id>')
  const run = project.repos.runs.get(runId)
  if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
  const cps = project.repos.runs.checkpoints(runId)
  const cp = cps.find((c) => c.kind === 'best') ?? cps.find((c) => c.kind === 'last')
  if (!cp) throw new RadlabError('not_found', `run ${runId} has no checkpoint${run.status !== 'done' ? ` (it is ${run.status})` : ''}`)
  const src = isAbsolute(cp.path) ? cp.path : join(project.dir, cp.path)
  if (!existsSync(join(src, 'model.json'))) throw new RadlabError('not_found', `checkpoint folder ${src} of run ${runId} has no model.json`)
  cpSync(src, dir, { recursive: true })
  const cardPath = join(src, 'radlab-card.json')
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as CheckpointCard) : null
  const warnings: string[] = []
  let evaluation: unknown = null
  try {
    const e = evaluateRun(project, { runId, split: 'test' })
    // The card carries the figures, not the per-image list.
    evaluation = e.task === 'segmentation' ? { ...e, perImage: undefined } : e
  } catch (e) {
    warnings.push(`no test evaluation in the card: ${(e as Error).message}`)
  }
  const modelCard = {
    format: 'tfjs-layers-model',
    files: { topology: 'model.json', weights: 'weights.bin' },
    runId: run.id,
    name: run.name,
    task: run.task,
    model: card?.model ?? run.config.model ?? null,
    inputSize: card?.inputSize ?? run.config.inputSize ?? null,
    inputChannels: 1,
    outputs: card?.outputs ?? null,
    classes: card?.classes ?? project.repos.classes.list().filter((c) => c.kind === (run.task === 'segmentation' ? 'mask' : 'image')).map((c) => ({ name: c.name, value: c.value })),
    normalisation: card?.normalisation ?? null,
    trainingConfig: card?.config ?? run.config,
    seed: run.seed,
    backend: run.backend,
    dataHash: card?.dataHash ?? run.dataHash,
    checkpoint: { kind: cp.kind, epoch: cp.epoch, metricName: cp.metric_name, metric: cp.metric },
    metrics: { best: run.best, lastEpoch: run.epochs[run.epochs.length - 1] ?? null, test: evaluation },
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    exportedAt: new Date().toISOString(),
  }
  writeFileSync(join(dir, MODEL_CARD_FILE), JSON.stringify(modelCard, null, 2))
  return { files: readdirSync(dir).length, warnings }
}
