import * as tf from '@tensorflow/tfjs'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { loadCheckpoint, saveCheckpoint } from '../../../ml/checkpoint-io'
import type { CheckpointCard } from '../../../shared/trainer-protocol'
import { runExport } from '../export'
import type { Project } from '../project'
import { addRun, newProject, tempDir } from './testing'

let cleanup = () => {}
let project: Project | null = null
afterEach(() => { project?.close(); project = null; cleanup() })

it('exports the best checkpoint (tfjs layers) with a model card, loadable and predicting the same', async () => {
  await tf.setBackend('cpu')
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const run = addRun(p, 'r-model', 'classification')
  p.repos.runs.addEpoch(run, { epoch: 1, loss: 0.7, valLoss: 0.6, auc: 0.8, lr: 1e-3, imgPerSec: 100, seconds: 1 })
  p.repos.runs.finish(run, 'done', { best: { auc: 0.8 } })
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1, activation: 'sigmoid', kernelInitializer: 'ones' })] })
  const card = { task: 'classification', model: 'cnn', inputSize: 64, classes: [{ name: 'NORMAL', value: null }, { name: 'PNEUMONIA', value: null }], outputs: 1, epoch: 1, metricName: 'auc', metric: 0.8, dataHash: 'abc123', config: { task: 'classification', epochs: 3 } } as unknown as CheckpointCard
  await saveCheckpoint(model, join(p.dir, 'models', run, 'best'), card)
  p.repos.runs.setCheckpoint(run, { kind: 'best', epoch: 1, path: join('models', run, 'best'), metricName: 'auc', metric: 0.8 })

  const out = join(t.dir, 'model-out')
  const r = runExport(p, { format: 'model', out, split: 'all', force: false, runId: run })
  expect(r.files).toBe(4)
  for (const f of ['model.json', 'weights.bin', 'radlab-card.json', 'model-card.json']) expect(existsSync(join(out, f))).toBe(true)
  const mc = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'))
  expect(mc).toMatchObject({ format: 'tfjs-layers-model', runId: run, task: 'classification', inputSize: 64, dataHash: 'abc123', outputs: 1, checkpoint: { kind: 'best', epoch: 1 }, metrics: { best: { auc: 0.8 } } })
  expect(mc.classes.map((c: { name: string }) => c.name)).toEqual(['NORMAL', 'PNEUMONIA'])
  expect(mc.trainingConfig).toEqual({ task: 'classification', epochs: 3 })
  const loaded = await loadCheckpoint(out)
  const x = tf.tensor2d([[0.1, 0.2, 0.3, 0.4]])
  expect(Array.from(await (loaded.model.predict(x) as tf.Tensor).data())[0]).toBeCloseTo(Array.from(await (model.predict(x) as tf.Tensor).data())[0], 6)

  // A run without a checkpoint is refused with the reason.
  addRun(p, 'r-none')
  expect(() => runExport(p, { format: 'model', out: join(t.dir, 'none'), split: 'all', force: false, runId: 'r-none' })).toThrow(/run r-none has no checkpoint/)
})
