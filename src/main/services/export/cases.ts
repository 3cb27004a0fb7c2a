// What an export walks over: "cases", each either one 2D image or one whole volume (all its
// slices, in the display order the import stored them), with its labels from the current ground
// truth or, when a run is given, from that run's thresholded predictions.
import { RadlabError } from '../../../shared/errors'
import type { ImageRow } from '../../db/repositories/rows'
import type { Project } from '../project'
import { unpackPixels } from '../pixel-store'
import { uniqueStems } from './names'
import { asBytes, maskClassValue, probToLabels } from './prediction-masks'

export type ExportSplit = 'train' | 'val' | 'test' | 'all'

export interface VolumeRow {
  id: number
  file_sha: string | null
  name: string
  format: string
  dims_json: string
  spacing_json: string
  affine_json: string | null
  patient_key: string | null
}

export interface ExportCase {
  /** File stem, unique within the export. */
  stem: string
  name: string
  /** Slices in display order (one for a 2D image). */
  images: ImageRow[]
  volume: VolumeRow | null
  patientKey: string | null
  split: string | null
  modality: string | null
}

export function collectCases(project: Project, split: ExportSplit): ExportCase[] {
  const rows = project.db.prepare(`SELECT * FROM images ${split === 'all' ? '' : 'WHERE split = ?'}
    ORDER BY coalesce(volume_id, 0), coalesce(slice_index, 0), id`).all(...(split === 'all' ? [] : [split])) as ImageRow[]
  const cases: Omit<ExportCase, 'stem'>[] = []
  const byVolume = new Map<number, Omit<ExportCase, 'stem'>>()
  const volume = project.db.prepare('SELECT * FROM volumes WHERE id = ?')
  for (const r of rows) {
    if (r.volume_id === null) {
      cases.push({ name: r.name, images: [r], volume: null, patientKey: r.patient_key, split: r.split, modality: r.modality })
      continue
    }
    let c = byVolume.get(r.volume_id)
    if (!c) {
      const v = volume.get(r.volume_id) as VolumeRow
      c = { name: v.name, images: [], volume: v, patientKey: v.patient_key ?? r.patient_key, split: r.split, modality: r.modality }
      byVolume.set(r.volume_id, c)
      cases.push(c)
    }
    c.images.push(r)
  }
  for (const c of byVolume.values()) {
    if (c.images.some((i) => i.split !== c.split)) {
      throw new RadlabError('invalid_input', `the slices of volume ${c.name} are in different splits; a volume is exported whole, so give all its slices one split`)
    }
  }
  const stems = uniqueStems(cases.map((c) => c.name))
  return cases.map((c, i) => ({ ...c, stem: stems[i] }))
}

/** Label maps of a case's slices (null where a slice has none). */
export function caseLabels(project: Project, c: ExportCase, runId: string | null): (Uint8Array | null)[] {
  if (runId) {
    const value = maskClassValue(project)
    return c.images.map((img) => {
      const p = project.repos.predictions.get(runId, img.id)
      if (!p?.prob) return null
      if (p.prob.length !== img.width * img.height) throw new RadlabError('invalid_input', `prediction for ${img.name} is not ${img.width}×${img.height}`)
      return probToLabels(asBytes(p.prob), value)
    })
  }
  return c.images.map((img) => {
    if (img.current_mask_id === null) return null
    const m = project.repos.masks.get(img.current_mask_id)!
    if (m.version.width !== img.width || m.version.height !== img.height) {
      throw new RadlabError('invalid_input', `mask of ${img.name} is ${m.version.width}×${m.version.height}, its image ${img.width}×${img.height}`)
    }
    return m.labels
  })
}

/** Stored pixel values (rescaled, as imported) of one image. */
export function imageValues(project: Project, img: ImageRow) {
  const px = project.repos.images.pixels(img.id)
  if (!px) throw new RadlabError('not_found', `pixels of image ${img.name} are missing from the project`)
  return unpackPixels(px.dtype, asBytes(px.data))
}

export function requireRunForExport(project: Project, runId: string | undefined, task: 'segmentation' | 'classification') {
  if (!runId) return null
  const run = project.repos.runs.get(runId)
  if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
  if (run.task !== task) throw new RadlabError('invalid_input', `run ${runId} is a ${run.task} run; this export needs a ${task} run`)
  return run
}
