// Checkpoints in tfjs layers format (model.json + weights.bin) in a folder. @tensorflow/tfjs
// without tfjs-node has no file:// handler, so this is a small IOHandler of our own. Writes go
// to a temporary folder first and are renamed into place: a crash mid-save never leaves a
// half-written "best" checkpoint behind.
import * as tf from '@tensorflow/tfjs'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'
import type { CheckpointCard } from '../shared/trainer-protocol'
// Custom layers must be registered before a model that uses them is loaded.
import './models/seeded-dropout'

export const CARD_FILE = 'radlab-card.json'

function folderSaver(dir: string, card: CheckpointCard | null): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('binary model topology is not supported')
      const weights = artifacts.weightData
        ? Buffer.concat((Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData]).map((b) => Buffer.from(b)))
        : Buffer.alloc(0)
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      }
      const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}`)
      rmSync(tmp, { recursive: true, force: true })
      mkdirSync(tmp, { recursive: true })
      writeFileSync(join(tmp, 'model.json'), JSON.stringify(modelJson))
      writeFileSync(join(tmp, 'weights.bin'), weights)
      if (card) writeFileSync(join(tmp, CARD_FILE), JSON.stringify(card, null, 2))
      const old = `${tmp}-old`
      if (existsSync(dir)) renameSync(dir, old)
      renameSync(tmp, dir)
      rmSync(old, { recursive: true, force: true })
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
          weightDataBytes: weights.length,
        },
      }
    },
  }
}

function folderLoader(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, 'model.json')
      if (!existsSync(jsonPath)) throw new Error(`no model.json in checkpoint folder ${dir}`)
      const json = JSON.parse(readFileSync(jsonPath, 'utf8'))
      const specs: tf.io.WeightsManifestEntry[] = []
      const buffers: Buffer[] = []
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights)
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)))
      }
      const all = Buffer.concat(buffers)
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      }
    },
  }
}

/** Saves a model (and its card) into `dir`, replacing what was there. */
export async function saveCheckpoint(model: tf.LayersModel, dir: string, card: CheckpointCard | null): Promise<void> {
  mkdirSync(dirname(dir), { recursive: true })
  await model.save(folderSaver(dir, card))
}

export async function loadCheckpoint(dir: string): Promise<{ model: tf.LayersModel; card: CheckpointCard | null }> {
  const model = await tf.loadLayersModel(folderLoader(dir))
  const cardPath = join(dir, CARD_FILE)
  const card = existsSync(cardPath) ? (JSON.parse(readFileSync(cardPath, 'utf8')) as CheckpointCard) : null
  return { model, card }
}
