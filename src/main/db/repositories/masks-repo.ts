import type Database from 'better-sqlite3'
import type { MaskSource, MaskVersion } from '../../../shared/domain'
import { encodeMaskRle, decodeMaskRle, maskArea } from '../../../imaging/mask-rle'
import { now, toMaskVersion, type MaskVersionRow } from './rows'

export interface NewMaskVersion {
  imageId: number
  parentId: number | null
  author: string
  source: MaskSource
  runId: string | null
  width: number
  height: number
  labels: Uint8Array
}

const COLUMNS = 'id, image_id, parent_id, author, created_at, source, run_id, codec, width, height, area'

export function createMasksRepo(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO mask_versions(image_id, parent_id, author, created_at, source, run_id, codec, width, height, area, data)
    VALUES (?, ?, ?, ?, ?, ?, 'rle', ?, ?, ?, ?)`)
  const setCurrent = db.prepare('UPDATE images SET current_mask_id = ?, mask_area = ? WHERE id = ?')
  const byId = db.prepare<[number], MaskVersionRow>(`SELECT ${COLUMNS}, data FROM mask_versions WHERE id = ?`)
  const history = db.prepare<[number], MaskVersionRow>(`SELECT ${COLUMNS}, data FROM mask_versions WHERE image_id = ? ORDER BY id DESC`)

  /** Appends a version and makes it current; the caller wraps this in a transaction with any related writes. */
  function add(v: NewMaskVersion): MaskVersion {
    const area = maskArea(v.labels)
    const data = encodeMaskRle(v.labels, v.width, v.height)
    const info = insert.run(v.imageId, v.parentId, v.author, now(), v.source, v.runId, v.width, v.height, area, data)
    const id = Number(info.lastInsertRowid)
    setCurrent.run(id, area, v.imageId)
    return toMaskVersion(byId.get(id)!)
  }

  return {
    add,
    get(id: number): { version: MaskVersion; labels: Uint8Array } | null {
      const r = byId.get(id)
      if (!r) return null
      return { version: toMaskVersion(r), labels: decodeMaskRle(r.data!).labels }
    },
    history(imageId: number): { version: MaskVersion; labels: Uint8Array }[] {
      return history.all(imageId).map((r) => ({ version: toMaskVersion(r), labels: decodeMaskRle(r.data!).labels }))
    },
  }
}
export type MasksRepo = ReturnType<typeof createMasksRepo>
