// Test fixtures for the review services: real project folders and DBs (createProject and the
// repositories), filled by direct inserts, the same storage path import and the trainer use.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeGreyPng } from '../../../imaging'
import { createProject, type Project } from '../project'
import { packPixels } from '../pixel-store'

export const NIBABEL_DATA = '/usr/lib/python3/dist-packages/nibabel/tests/data'
/** The Debian python with python3-nibabel / python3-pydicom (a pyenv python3 on PATH may lack them). */
export const SYSTEM_PYTHON = '/usr/bin/python3'

export function tempDir(prefix = 'radlab-review-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function newProject(dir: string, name = 'test'): Project {
  return createProject(join(dir, 'project'), name)
}

export interface TestImage {
  name: string
  width: number
  height: number
  pixels?: ArrayLike<number>
  split?: 'train' | 'val' | 'test' | null
  patient?: string | null
  modality?: string | null
}

export function addImage(project: Project, img: TestImage): number {
  const n = img.width * img.height
  const values = Float32Array.from(img.pixels ?? Array.from({ length: n }, (_, i) => (i * 37) % 251))
  const packed = packPixels(values)
  const grey = Uint8Array.from(values, (v) => Math.max(0, Math.min(255, v)))
  return project.repos.images.insert({
    name: img.name, sourceKey: `test:${img.name}`, sourcePath: null, fileSha: null, frameIndex: null, format: 'png', modality: img.modality ?? null,
    width: img.width, height: img.height, dtype: packed.dtype, spacing: [1, 1], window: null, min: packed.min, max: packed.max,
    split: img.split ?? null, patientKey: img.patient ?? null, studyKey: null, volumeId: null, sliceIndex: null, meta: {},
    pixels: packed.bytes, thumbnail: encodeGreyPng(grey, img.width, img.height),
  })
}

/** A label map with `value` at the given pixel indices. */
export function labelsAt(n: number, indices: Iterable<number>, value = 1): Uint8Array {
  const out = new Uint8Array(n)
  for (const i of indices) out[i] = value
  return out
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

export function addMask(project: Project, imageId: number, labels: Uint8Array): void {
  const row = project.repos.images.row(imageId)!
  project.repos.classes.list().some((c) => c.kind === 'mask') || project.repos.classes.ensure('mask', 'lesion')
  project.repos.masks.add({ imageId, parentId: row.current_mask_id, author: 'test', source: 'human', runId: null, width: row.width, height: row.height, labels })
}

export function addRun(project: Project, id: string, task: 'segmentation' | 'classification' = 'segmentation'): string {
  project.repos.runs.insert({ id, name: `run ${id}`, task, config: { task, epochs: 3, inputSize: 64 }, seed: 1, dataHash: 'abc123', snapshot: null, status: 'done' })
  return id
}

/** A stored segmentation prediction: probability 230 on `fg` pixels, 20 elsewhere. */
export function addSegPrediction(project: Project, runId: string, imageId: number, fg: Uint8Array): void {
  const row = project.repos.images.row(imageId)!
  const prob = Uint8Array.from(fg, (v) => (v ? 230 : 20))
  project.repos.predictions.upsertMask(runId, imageId, row.width, row.height, prob, 0)
}
