// Import: detect the layout, decode every file, store pixels + thumbnails + labels + masks.
// Each source file is committed in its own transaction, so a failure (bad file, full disk)
// leaves everything committed before it intact and nothing half-written for that file.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, relative, dirname } from 'node:path'
import type { ImportSummary, ImportProgress } from '../../shared/import-types'
import { toErrorData } from '../../shared/errors'
import { checkMaskSize, decodeBuffer, decodeFile, detectLayout, makeThumbnailPng, maskFromBytes, type DecodedImageSet, type DecodedPlane, type ImportItem } from '../../imaging'
import type { Project } from './project'
import { PreparePool } from './import-pool'
import { preparePlane, type PreparedFile, type PreparedPlane } from './import-prepare'
import { sha256, storeFile } from './file-store'

export interface ImportOptions {
  paths: string[]
  split?: 'train' | 'val' | 'test'
  layout?: 'auto' | 'classes' | 'pairs' | 'plain' | 'dicom' | 'nifti' | 'idx'
  masks?: string
  classes?: string[]
  author?: string
}

const DEFAULT_MASK_CLASS = 'lesion'
const IMPORT_AUTHOR = 'import'
/** Planes of a multi-image file (IDX, volumes) committed per transaction. */
const PLANES_PER_TX = 2000
/** Image files being prepared ahead of the writer, and how many are written per transaction. */
const PREPARE_AHEAD = 96
const WRITE_GROUP = 32

export function patientKey(salt: string, patientId: string | undefined | null): string | null {
  if (!patientId) return null
  return createHash('sha256').update(`${salt}:${patientId}`).digest('hex').slice(0, 16)
}

function emptySummary(layout: string): ImportSummary {
  return {
    layout, filesSeen: 0, imagesAdded: 0, imagesSkippedExisting: 0, duplicates: [], bySplit: {}, byClass: {},
    masksPaired: 0, imagesWithoutMasks: 0, masksWithoutImages: [], emptyMasks: 0, sizeMismatches: [], unreadable: [],
    warnings: [], patientsInSeveralSplits: [], stoppedEarly: null, seconds: 0,
  }
}

function isFatalStorageError(e: unknown): boolean {
  const code = (e as { code?: string })?.code
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EROFS' || code === 'SQLITE_READONLY' || code === 'EDQUOT'
}

export async function runImport(project: Project, opts: ImportOptions, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportSummary> {
  const started = performance.now()
  const progress = (phase: ImportProgress['phase'], done: number, total: number, current: string) =>
    onProgress({ projectId: project.id, phase, done, total, current })

  const existing = opts.paths.filter((p) => existsSync(p))
  const summary = emptySummary(opts.layout ?? 'auto')
  for (const p of opts.paths) if (!existsSync(p)) summary.unreadable.push({ file: p, reason: 'path does not exist' })
  if (existing.length === 0) {
    summary.seconds = (performance.now() - started) / 1000
    return summary
  }
  progress('scanning', 0, 0, existing[0])
  const plan = detectLayout(existing, { layout: opts.layout ?? 'auto', masks: opts.masks })
  summary.layout = plan.layout
  summary.masksWithoutImages = [...plan.orphanMasks]
  summary.warnings.push(...plan.warnings)
  for (const sk of plan.skipped) summary.unreadable.push({ file: sk.path, reason: sk.reason })
  const root = existing.length === 1 && statSync(existing[0]).isDirectory() ? existing[0] : dirname(existing[0])
  const seenSha = new Map<string, string>()
  const ctx: ImportContext = { project, opts, summary, root, seenSha, author: opts.author ?? IMPORT_AUTHOR }

  const total = plan.items.length
  const batch = new ImportBatch(ctx)
  const pool = new PreparePool()
  try {
    const items = plan.items
    let i = 0
    // Image files are prepared (decoded, thumbnailed) in worker threads a window ahead, and
    // written here in groups, each group in one transaction with a savepoint per file.
    const inflight: { item: Extract<ImportItem, { kind: 'image' }>; result: Promise<PreparedFile | Error> }[] = []
    const dispatch = () => {
      while (i < items.length && items[i].kind === 'image' && inflight.length < PREPARE_AHEAD) {
        const item = items[i++] as Extract<ImportItem, { kind: 'image' }>
        inflight.push({ item, result: pool.prepare(item.path, item.maskPath).catch((e: Error) => e) })
      }
    }
    let done = 0
    while (i < items.length || inflight.length) {
      dispatch()
      if (inflight.length) {
        const group = inflight.splice(0, WRITE_GROUP)
        const results = await Promise.all(group.map((g) => g.result))
        dispatch() // keep the workers busy while this group is written
        batch.open()
        try {
          for (let k = 0; k < group.length; k++) {
            const r = results[k]
            if (r instanceof Error) {
              summary.filesSeen++
              summary.unreadable.push({ file: group[k].item.path, reason: errorReason(r) })
              continue
            }
            try {
              writePreparedImage(ctx, group[k].item, r)
            } catch (e) {
              if (isFatalStorageError(e)) throw e
              summary.unreadable.push({ file: group[k].item.path, reason: errorReason(e) })
            }
          }
          batch.commit()
        } catch (e) {
          batch.abort()
          if (!isFatalStorageError(e)) throw e
          summary.stoppedEarly = `${toErrorData(e).message} (while importing ${group[0].item.path}; everything imported before it is kept)`
          break
        }
        done += group.length
        progress('importing', done, total, group[group.length - 1].item.path)
        continue
      }
      const item = items[i++]
      const label = itemLabel(item)
      progress('importing', done, total, label)
      try {
        await importItem(ctx, item)
      } catch (e) {
        if (isFatalStorageError(e)) {
          summary.stoppedEarly = `${toErrorData(e).message} (while importing ${label}; everything imported before it is kept)`
          break
        }
        summary.unreadable.push({ file: label, reason: errorReason(e) })
      }
      done++
      await new Promise((r) => setImmediate(r))
    }
  } finally {
    await pool.close()
  }
  try {
    batch.commit()
  } catch (e) {
    batch.abort()
    if (!isFatalStorageError(e)) throw e
    summary.stoppedEarly = `${toErrorData(e).message} (at the end of the import; everything committed before is kept)`
  }
  summary.patientsInSeveralSplits = project.db.prepare(
    `SELECT patient_key FROM images WHERE patient_key IS NOT NULL AND split IS NOT NULL GROUP BY patient_key HAVING count(DISTINCT split) > 1`,
  ).pluck().all() as string[]
  if (summary.patientsInSeveralSplits.length) {
    summary.warnings.push(`${summary.patientsInSeveralSplits.length} patient(s) appear in more than one split: their images can leak between training and evaluation`)
  }
  summary.seconds = (performance.now() - started) / 1000
  progress('done', total, total, '')
  return summary
}

interface ImportContext {
  project: Project
  opts: ImportOptions
  summary: ImportSummary
  root: string
  seenSha: Map<string, string>
  author: string
}

function itemLabel(item: ImportItem): string {
  switch (item.kind) {
    case 'image': return item.path
    case 'idx': return item.imagesPath
    case 'nifti': return item.path
    case 'dicom-series': return item.files[0] ?? item.seriesUid
  }
}

function errorReason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg
}

function displayName(ctx: ImportContext, path: string): string {
  const rel = relative(ctx.root, path)
  return rel && !rel.startsWith('..') ? rel : basename(path)
}

function countSplitClass(ctx: ImportContext, split: string | null, className: string | null) {
  const s = split ?? 'none'
  ctx.summary.bySplit[s] = (ctx.summary.bySplit[s] ?? 0) + 1
  if (className !== null) ctx.summary.byClass[className] = (ctx.summary.byClass[className] ?? 0) + 1
}

/** Reads and hashes a source; returns null (and counts it) when this exact file is already in the project or this import. */
function readSource(ctx: ImportContext, path: string): { bytes: Buffer; sha: string } | null {
  const bytes = readFileSync(path)
  const sha = sha256(bytes)
  return isKnownSource(ctx, path, sha) ? null : { bytes, sha }
}

/** True (and counted) when this exact file is already in the project or earlier in this import. */
function isKnownSource(ctx: ImportContext, path: string, sha: string): boolean {
  const first = ctx.seenSha.get(sha)
  if (first !== undefined) {
    ctx.summary.duplicates.push({ file: path, sameAs: first })
    return true
  }
  ctx.seenSha.set(sha, path)
  if (ctx.project.repos.files.has(sha)) {
    ctx.summary.imagesSkippedExisting++
    return true
  }
  return false
}

async function importItem(ctx: ImportContext, item: ImportItem): Promise<void> {
  const { project, summary } = ctx
  const repos = project.repos
  summary.filesSeen++
  if (item.kind === 'idx') {
    const src = readSource(ctx, item.imagesPath)
    if (!src) return
    const set = await decodeFile(item.imagesPath, { labelsPath: item.labelsPath ?? undefined })
    const split = (item.split as string | undefined) || ctx.opts.split || null
    const names = ctx.opts.classes
    const base = displayName(ctx, item.imagesPath)
    for (let start = 0; start < set.planes.length; start += PLANES_PER_TX) {
      commit(ctx, () => {
        if (start === 0) storeSource(ctx, src, item.imagesPath, set)
        const end = Math.min(set.planes.length, start + PLANES_PER_TX)
        for (let i = start; i < end; i++) {
          const plane = set.planes[i]
          const id = insertPlane(ctx, set, preparePlane(plane, set.window), {
            name: `${base}#${i}`, sourceKey: `${src.sha}#${i}`, sourcePath: item.imagesPath, fileSha: src.sha, frameIndex: i,
            split, patient: null, volumeId: null, sliceIndex: null,
          })
          let className: string | null = null
          if (plane.label !== undefined) {
            className = names?.[plane.label] ?? String(plane.label)
            addImportLabel(ctx, id, className)
          }
          countSplitClass(ctx, split, className)
        }
      })
      await new Promise((r) => setImmediate(r))
    }
    return
  }
  if (item.kind === 'nifti' || item.kind === 'dicom-series') {
    const files = item.kind === 'nifti' ? [item.path] : item.files
    const sources: { sha: string; bytes: Uint8Array; path: string }[] = []
    for (const f of files) {
      const src = readSource(ctx, f)
      if (src) sources.push({ sha: src.sha, bytes: src.bytes, path: f })
    }
    if (sources.length === 0) return
    const set: DecodedImageSet = item.kind === 'nifti' ? await decodeFile(item.path) : await decodeFile(item.files[0], { seriesFiles: item.files })
    summary.warnings.push(...set.warnings)
    let maskSet: DecodedImageSet | null = null
    if (item.kind === 'nifti' && item.maskPath) {
      try {
        maskSet = await decodeFile(item.maskPath)
        const a = set.planes[0], b = maskSet.planes[0]
        if (maskSet.planes.length !== set.planes.length || a.width !== b.width || a.height !== b.height) {
          summary.sizeMismatches.push({ file: item.maskPath, reason: `label volume is ${b.width}×${b.height}×${maskSet.planes.length}, image is ${a.width}×${a.height}×${set.planes.length}` })
          maskSet = null
        }
      } catch (e) {
        summary.unreadable.push({ file: item.maskPath, reason: errorReason(e) })
      }
    }
    const split = item.split ?? ctx.opts.split ?? null
    const patient = patientKey(project.patientSalt, (set.meta.patientId as string | undefined) ?? (item.kind === 'dicom-series' ? item.patientHint : undefined))
    const volName = item.kind === 'nifti' ? displayName(ctx, item.path) : `${displayName(ctx, dirname(item.files[0]))}/${(set.meta.seriesDescription as string | undefined) ?? 'series'}`
    commit(ctx, () => {
      for (const s of sources) storeSource(ctx, s, s.path, set)
      const volumeId = Number(project.db.prepare(`INSERT INTO volumes(file_sha, series_uid, name, format, dims_json, spacing_json, affine_json, patient_key, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sources[0].sha, (set.meta.seriesUid as string | undefined) ?? null, volName, set.format,
        JSON.stringify(set.dims), JSON.stringify(set.spacing), set.affine ? JSON.stringify(set.affine) : null, patient, new Date().toISOString()).lastInsertRowid)
      set.planes.forEach((plane, i) => {
        const fileSha = item.kind === 'dicom-series' ? (sources.find((s) => s.path === item.files[i])?.sha ?? sources[0].sha) : sources[0].sha
        const id = insertPlane(ctx, set, preparePlane(plane, set.window), {
          name: `${volName}[${i}]`, sourceKey: `${sources[0].sha}#${i}`, sourcePath: item.kind === 'nifti' ? item.path : item.files[i] ?? null,
          fileSha, frameIndex: i, split, patient, volumeId, sliceIndex: i,
        })
        countSplitClass(ctx, split, null)
        if (maskSet) addImportMask(ctx, id, plane, labelsFromPlane(maskSet.planes[i]))
      })
    })
    return
  }
}


/** Writes one prepared image file (and its mask): synchronous, so it runs inside an import batch. */
function writePreparedImage(ctx: ImportContext, item: Extract<ImportItem, { kind: 'image' }>, prepared: PreparedFile): void {
  const { project, summary } = ctx
  summary.filesSeen++
  if (isKnownSource(ctx, item.path, prepared.sha)) return
  const { set } = prepared
  const split = item.split ?? ctx.opts.split ?? null
  let mask: Uint8Array | null = null
  if (item.maskPath && prepared.mask) {
    if ('labels' in prepared.mask) mask = prepared.mask.labels
    else if (prepared.mask.code === 'mask_mismatch') summary.sizeMismatches.push({ file: item.maskPath, reason: prepared.mask.error })
    else summary.unreadable.push({ file: item.maskPath, reason: prepared.mask.error })
  }
  const patient = patientKey(project.patientSalt, (set.meta.patientId as string | undefined) ?? item.patientHint ?? null)
  const many = prepared.planes.length > 1
  commit(ctx, () => {
    storeSource(ctx, prepared, item.path, set)
    prepared.planes.forEach((plane, i) => {
      const id = insertPlane(ctx, set, plane, {
        name: many ? `${displayName(ctx, item.path)}#${i}` : displayName(ctx, item.path),
        sourceKey: many ? `${prepared.sha}#${i}` : prepared.sha,
        sourcePath: item.path, fileSha: prepared.sha, frameIndex: many ? i : null,
        split, patient, volumeId: null, sliceIndex: null,
      })
      const className = item.className ?? null
      if (className) addImportLabel(ctx, id, className)
      countSplitClass(ctx, split, className)
      if (i === 0 && mask) addImportMask(ctx, id, plane, mask)
      else if (!item.maskPath && ctx.summary.layout === 'pairs') summary.imagesWithoutMasks++
    })
  })
  if (item.maskPath && !mask) summary.imagesWithoutMasks++
}

function storeSource(ctx: ImportContext, src: { sha: string; bytes: Uint8Array }, path: string, set: Pick<DecodedImageSet, 'format'>) {
  storeFile(ctx.project.filesDir, src.sha, src.bytes)
  ctx.project.repos.files.add({ sha256: src.sha, size: src.bytes.length, originalName: basename(path), format: set.format })
}

interface PlaneRef {
  name: string
  sourceKey: string
  sourcePath: string | null
  fileSha: string
  frameIndex: number | null
  split: string | null
  patient: string | null
  volumeId: number | null
  sliceIndex: number | null
}

function insertPlane(ctx: ImportContext, set: Omit<DecodedImageSet, 'planes'>, plane: PreparedPlane, ref: PlaneRef): number {
  const { packed, thumbnail } = plane
  const window = set.window
  const id = ctx.project.repos.images.insert({
    name: ref.name, sourceKey: ref.sourceKey, sourcePath: ref.sourcePath, fileSha: ref.fileSha, frameIndex: ref.frameIndex,
    format: set.format, modality: (set.meta.modality as string | undefined) ?? null, width: plane.width, height: plane.height,
    dtype: packed.dtype, spacing: [set.spacing[0] ?? 1, set.spacing[1] ?? 1], window, min: packed.min, max: packed.max,
    split: ref.split, patientKey: ref.patient, studyKey: (set.meta.studyUid as string | undefined) ? patientKey(ctx.project.patientSalt, set.meta.studyUid as string) : null,
    volumeId: ref.volumeId, sliceIndex: ref.sliceIndex, meta: safeMeta(set.meta), pixels: packed.bytes, thumbnail,
  })
  ctx.summary.imagesAdded++
  return id
}

/** Keeps only non-identifying technical tags; patient and study identifiers never reach the DB. */
function safeMeta(meta: DecodedImageSet['meta']): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(meta)) {
    if (/patient|name|birth|uid|accession|institution|physician|operator|address|date|time/i.test(k)) continue
    if (typeof v === 'string' || typeof v === 'number') out[k] = v
  }
  return out
}

function addImportLabel(ctx: ImportContext, imageId: number, className: string) {
  const cls = ctx.project.repos.classes.ensure('image', className)
  ctx.project.repos.labels.add({ imageId, classId: cls.id, flagged: false, author: ctx.author, source: 'import', runId: null })
}

function labelsFromPlane(plane: DecodedPlane): Uint8Array {
  const out = new Uint8Array(plane.pixels.length)
  for (let i = 0; i < out.length; i++) {
    const v = Math.round(plane.pixels[i])
    out[i] = v <= 0 ? 0 : v > 255 ? 255 : v
  }
  return out
}

function addImportMask(ctx: ImportContext, imageId: number, plane: { width: number; height: number }, labels: Uint8Array) {
  const values = new Set<number>()
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) values.add(labels[i])
  if (values.size === 0) ctx.summary.emptyMasks++
  const classes = ctx.project.repos.classes
  if (classes.list().filter((c) => c.kind === 'mask').length === 0) classes.ensure('mask', DEFAULT_MASK_CLASS)
  for (const v of values) {
    if (!classes.list().some((c) => c.kind === 'mask' && c.value === v)) classes.ensure('mask', `label ${v}`)
  }
  ctx.project.repos.masks.add({ imageId, parentId: null, author: ctx.author, source: 'import', runId: null, width: plane.width, height: plane.height, labels })
  ctx.project.repos.images.setReviewStatus(imageId, 'draft')
  ctx.summary.masksPaired++
}

/**
 * Runs one file's writes in a transaction. The summary's counters are bumped inside it, so on
 * failure they are put back: the summary always describes exactly what was committed.
 */
function commit(ctx: ImportContext, fn: () => void) {
  const saved = snapshotCounts(ctx.summary)
  try {
    ctx.project.db.transaction(fn)()
  } catch (e) {
    Object.assign(ctx.summary, saved)
    throw e
  }
}

/**
 * Groups single-image files into one transaction of up to BATCH_FILES files or BATCH_MS
 * milliseconds. Each file still commits or fails alone (a savepoint inside `commit`); a storage
 * failure (full disk) rolls the open batch back, and the summary goes back to the batch start,
 * so it still describes exactly what is stored.
 */
class ImportBatch {
  private static readonly BATCH_FILES = 200
  private static readonly BATCH_MS = 150
  private started = 0
  private files = 0
  private snapshot: ReturnType<typeof snapshotCounts> | null = null

  constructor(private readonly ctx: ImportContext) {}

  open() {
    if (this.snapshot) {
      this.files++
      return
    }
    this.snapshot = snapshotCounts(this.ctx.summary)
    this.started = performance.now()
    this.files = 1
    this.ctx.project.db.exec('BEGIN')
  }

  due(): boolean {
    return this.files >= ImportBatch.BATCH_FILES || performance.now() - this.started >= ImportBatch.BATCH_MS
  }

  commit() {
    if (!this.snapshot) return
    this.ctx.project.db.exec('COMMIT')
    this.snapshot = null
  }

  abort() {
    const db = this.ctx.project.db
    if (db.inTransaction) db.exec('ROLLBACK')
    if (this.snapshot) Object.assign(this.ctx.summary, this.snapshot)
    this.snapshot = null
  }
}

function snapshotCounts(s: ImportSummary) {
  return { imagesAdded: s.imagesAdded, masksPaired: s.masksPaired, emptyMasks: s.emptyMasks, imagesWithoutMasks: s.imagesWithoutMasks, bySplit: { ...s.bySplit }, byClass: { ...s.byClass } }
}
