// `radlab import-predictions`: masks made by another tool (nnU-Net, MONAI, a colleague's script)
// come in as a run of their own (imported = 1), so the review, evaluate and the report treat them
// like RadLab's predictions. Files are matched to images by name: the image's file stem (with or
// without its folders), a volume slice's `<volume>_<index>`, or a volume's stem for a NIfTI label
// volume (decoded with the project's NIfTI reader, so it is reoriented exactly like its image).
import { randomUUID } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { decodeFileSync } from '../../imaging'
import { meanBinaryEntropy } from '../../ml/metrics'
import { RadlabError } from '../../shared/errors'
import type { ImageRow } from '../db/repositories/rows'
import type { Project } from './project'
import { fileStem, imageKey, safeName, shortImageKey } from './export/names'

export interface ImportPredictionsOptions { name: string }

export interface ImportPredictionsResult {
  /** The new run, or null when no file could be imported (then no run is created). */
  runId: string | null
  name: string
  filesSeen: number
  imported: number
  /** Masks whose size does not match their image: listed, not imported. */
  sizeMismatches: { file: string; reason: string }[]
  /** Files whose name matches no image or volume. */
  unmatched: string[]
  unreadable: { file: string; reason: string }[]
}

const MASK_FILE = /\.(png|tiff?|nii|nii\.gz)$/i

function listMaskFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === '__MACOSX') continue
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (MASK_FILE.test(e.name)) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

type Target = { kind: 'image'; image: ImageRow } | { kind: 'volume'; volumeId: number; name: string; slices: ImageRow[] }

/** Name → image or volume. Full stems always; short stems (no folders) only where unambiguous. */
function buildIndex(project: Project): Map<string, Target> {
  const index = new Map<string, Target>()
  const ambiguous = new Set<string>()
  const put = (key: string, t: Target, short: boolean) => {
    if (!short) { index.set(key, t); return }
    if (ambiguous.has(key)) return
    const had = index.get(key)
    if (had && had !== t) { ambiguous.add(key); index.delete(key); return }
    index.set(key, t)
  }
  const images = project.db.prepare('SELECT * FROM images ORDER BY coalesce(volume_id, 0), coalesce(slice_index, 0), id').all() as ImageRow[]
  const volumes = new Map<number, Target & { kind: 'volume' }>()
  for (const v of project.db.prepare('SELECT id, name FROM volumes').all() as { id: number; name: string }[]) {
    volumes.set(v.id, { kind: 'volume', volumeId: v.id, name: v.name, slices: [] })
  }
  const fullKeys: [string, Target][] = []
  const shortKeys: [string, Target][] = []
  for (const img of images) {
    const t: Target = { kind: 'image', image: img }
    fullKeys.push([imageKey(img.name), t])
    shortKeys.push([shortImageKey(img.name), t])
    if (img.volume_id !== null) volumes.get(img.volume_id)?.slices.push(img)
  }
  for (const v of volumes.values()) {
    fullKeys.push([imageKey(v.name), v])
    shortKeys.push([shortImageKey(v.name), v])
  }
  for (const [k, t] of shortKeys) put(k, t, true)
  for (const [k, t] of fullKeys) put(k, t, false)
  return index
}

function lookup(index: Map<string, Target>, file: string): Target | null {
  const key = safeName(fileStem(file))
  // nnU-Net inputs carry a channel suffix (_0000); its predictions do not, but accept both.
  return index.get(key) ?? index.get(key.replace(/_0000$/, '')) ?? null
}

/** Foreground (> 0) as probability 255, background 0. */
function toProb(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? 255 : 0
  return out
}

export function importPredictions(project: Project, dirIn: string, opts: ImportPredictionsOptions): ImportPredictionsResult {
  const dir = resolve(dirIn)
  let isDir = false
  try { isDir = statSync(dir).isDirectory() } catch { /* reported below */ }
  if (!isDir) throw new RadlabError('not_found', `${dir} is not a folder of masks`)
  if (!opts.name.trim()) throw new RadlabError('invalid_input', 'an imported run needs a name (--name)')
  const files = listMaskFiles(dir)
  const result: ImportPredictionsResult = { runId: null, name: opts.name, filesSeen: files.length, imported: 0, sizeMismatches: [], unmatched: [], unreadable: [] }
  const index = buildIndex(project)
  const accepted = new Map<number, { image: ImageRow; prob: Uint8Array }>()
  for (const file of files) {
    const rel = relative(dir, file)
    const target = lookup(index, file)
    if (!target) { result.unmatched.push(rel); continue }
    let planes: { width: number; height: number; pixels: Float32Array }[]
    try {
      planes = decodeFileSync(file).planes
    } catch (e) {
      result.unreadable.push({ file: rel, reason: (e as Error).message })
      continue
    }
    const slices = target.kind === 'image' ? [target.image] : target.slices
    const want = `${slices[0].width}×${slices[0].height}${slices.length > 1 ? `×${slices.length}` : ''}`
    const got = `${planes[0].width}×${planes[0].height}${planes.length > 1 ? `×${planes.length}` : ''}`
    if (planes.length !== slices.length || planes[0].width !== slices[0].width || planes[0].height !== slices[0].height) {
      const what = target.kind === 'image' ? `image ${target.image.name}` : `volume ${target.name}`
      result.sizeMismatches.push({ file: rel, reason: `mask is ${got} but ${what} is ${want}` })
      continue
    }
    slices.forEach((img, i) => accepted.set(img.id, { image: img, prob: toProb(planes[i].pixels) }))
  }
  if (accepted.size === 0) return result
  const runId = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomUUID().slice(0, 6)}`
  project.db.transaction(() => {
    project.repos.runs.insert({
      id: runId, name: opts.name, task: 'segmentation', status: 'done', imported: true, seed: 0, dataHash: null, snapshot: null,
      config: { task: 'segmentation', importedFrom: dir, files: files.length },
    })
    project.repos.runs.finish(runId, 'done', {})
    for (const { image, prob } of accepted.values()) {
      project.repos.predictions.upsertMask(runId, image.id, image.width, image.height, prob, meanBinaryEntropy(prob, 255))
    }
  })()
  result.runId = runId
  result.imported = accepted.size
  return result
}
