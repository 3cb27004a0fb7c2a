import type Database from 'better-sqlite3'
import type { ImageDetail, ImageSummary, PixelDType } from '../../../shared/domain'
import type { ImageFilter } from '../../../shared/contract'
import { toImageDetail, toImageSummary, now, type ImageRow } from './rows'

export interface NewImage {
  name: string
  sourceKey: string
  sourcePath: string | null
  fileSha: string | null
  frameIndex: number | null
  format: string
  modality: string | null
  width: number
  height: number
  dtype: PixelDType
  spacing: [number, number]
  window: { center: number; width: number } | null
  min: number
  max: number
  split: string | null
  patientKey: string | null
  studyKey: string | null
  volumeId: number | null
  sliceIndex: number | null
  meta: Record<string, unknown>
  pixels: Uint8Array
  thumbnail: Uint8Array
}

/** Builds the WHERE clause for the dataset browser's filters; values are always bound. */
function whereOf(filter: ImageFilter | undefined): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  if (!filter) return { sql: '', params }
  if (filter.split === 'none') parts.push('split IS NULL')
  else if (filter.split) { parts.push('split = ?'); params.push(filter.split) }
  if (filter.classId !== undefined) { parts.push('label_class_id = ?'); params.push(filter.classId) }
  if (filter.hasMask !== undefined) parts.push(filter.hasMask ? 'current_mask_id IS NOT NULL' : 'current_mask_id IS NULL')
  if (filter.reviewStatus) { parts.push('review_status = ?'); params.push(filter.reviewStatus) }
  if (filter.volumeId !== undefined) { parts.push('volume_id = ?'); params.push(filter.volumeId) }
  if (filter.search) { parts.push("name LIKE ? ESCAPE '\\'"); params.push(`%${filter.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`) }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

const ORDER = 'ORDER BY coalesce(volume_id, 0), coalesce(slice_index, 0), id'

export function createImagesRepo(db: Database.Database) {
  const insertImage = db.prepare(`INSERT INTO images(name, source_key, source_path, file_sha, frame_index, format, modality, width, height, dtype,
    spacing_x, spacing_y, window_center, window_width, min, max, split, patient_key, study_key, volume_id, slice_index, meta_json, created_at)
    VALUES (@name, @sourceKey, @sourcePath, @fileSha, @frameIndex, @format, @modality, @width, @height, @dtype,
    @spacingX, @spacingY, @windowCenter, @windowWidth, @min, @max, @split, @patientKey, @studyKey, @volumeId, @sliceIndex, @metaJson, @createdAt)`)
  const insertPixels = db.prepare('INSERT INTO image_pixels(image_id, dtype, data) VALUES (?, ?, ?)')
  const insertThumb = db.prepare('INSERT INTO thumbnails(image_id, png) VALUES (?, ?)')
  const bySourceKey = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM images WHERE source_key = ?')
  const byId = db.prepare<[number], ImageRow>('SELECT * FROM images WHERE id = ?')
  const pixels = db.prepare<[number], { dtype: string; data: Buffer }>('SELECT dtype, data FROM image_pixels WHERE image_id = ?')

  return {
    insert(img: NewImage): number {
      const info = insertImage.run({
        name: img.name, sourceKey: img.sourceKey, sourcePath: img.sourcePath, fileSha: img.fileSha, frameIndex: img.frameIndex,
        format: img.format, modality: img.modality, width: img.width, height: img.height, dtype: img.dtype,
        spacingX: img.spacing[0], spacingY: img.spacing[1], windowCenter: img.window?.center ?? null, windowWidth: img.window?.width ?? null,
        min: img.min, max: img.max, split: img.split, patientKey: img.patientKey, studyKey: img.studyKey,
        volumeId: img.volumeId, sliceIndex: img.sliceIndex, metaJson: JSON.stringify(img.meta), createdAt: now(),
      })
      const id = Number(info.lastInsertRowid)
      insertPixels.run(id, img.dtype, img.pixels)
      insertThumb.run(id, img.thumbnail)
      return id
    },
    findBySourceKey(key: string) {
      return bySourceKey.get(key) ?? null
    },
    row(id: number): ImageRow | null {
      return byId.get(id) ?? null
    },
    get(id: number): ImageDetail | null {
      const r = byId.get(id)
      return r ? toImageDetail(r) : null
    },
    pixels(id: number) {
      return pixels.get(id) ?? null
    },
    list(filter: ImageFilter | undefined, offset: number, limit: number): { total: number; items: ImageSummary[] } {
      const w = whereOf(filter)
      const total = (db.prepare(`SELECT count(*) AS n FROM images ${w.sql}`).get(...w.params) as { n: number }).n
      const rows = db.prepare(`SELECT * FROM images ${w.sql} ${ORDER} LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as ImageRow[]
      return { total, items: rows.map(toImageSummary) }
    },
    /** Ids in browse order for a filter: used for next/previous and for training snapshots. */
    ids(filter: ImageFilter | undefined): number[] {
      const w = whereOf(filter)
      return (db.prepare(`SELECT id FROM images ${w.sql} ${ORDER}`).pluck().all(...w.params) as number[])
    },
    thumbnails(ids: number[]): { id: number; png: Uint8Array }[] {
      if (ids.length === 0) return []
      const rows = db.prepare(`SELECT image_id AS id, png FROM thumbnails WHERE image_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: number; png: Buffer }[]
      const byIdMap = new Map(rows.map((r) => [r.id, new Uint8Array(r.png.buffer, r.png.byteOffset, r.png.byteLength)]))
      return ids.filter((id) => byIdMap.has(id)).map((id) => ({ id, png: byIdMap.get(id)! }))
    },
    setReviewStatus(id: number, status: string) {
      db.prepare('UPDATE images SET review_status = ? WHERE id = ?').run(status, id)
    },
    stats() {
      const images = (db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n
      const masks = (db.prepare('SELECT count(*) AS n FROM images WHERE current_mask_id IS NOT NULL').get() as { n: number }).n
      const bySplit: Record<string, number> = {}
      for (const r of db.prepare("SELECT coalesce(split, 'none') AS s, count(*) AS n FROM images GROUP BY s").all() as { s: string; n: number }[]) bySplit[r.s] = r.n
      const byClass: Record<string, number> = {}
      for (const r of db.prepare(`SELECT c.name AS name, count(*) AS n FROM images i JOIN label_classes c ON c.id = i.label_class_id GROUP BY c.id`).all() as { name: string; n: number }[]) byClass[r.name] = r.n
      return { images, masks, bySplit, byClass }
    },
  }
}
export type ImagesRepo = ReturnType<typeof createImagesRepo>
