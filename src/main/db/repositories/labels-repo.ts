import type Database from 'better-sqlite3'
import type { ImageLabel, LabelSource } from '../../../shared/domain'
import { now, toImageLabel, type LabelRow } from './rows'

export interface NewLabel {
  imageId: number
  classId: number | null
  flagged: boolean
  author: string
  source: LabelSource
  runId: string | null
}

export function createLabelsRepo(db: Database.Database) {
  const insert = db.prepare('INSERT INTO image_labels(image_id, class_id, flagged, author, created_at, source, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const setCurrent = db.prepare('UPDATE images SET label_class_id = ?, label_flagged = ? WHERE id = ?')
  const byId = db.prepare<[number], LabelRow>('SELECT * FROM image_labels WHERE id = ?')
  const history = db.prepare<[number], LabelRow>('SELECT * FROM image_labels WHERE image_id = ? ORDER BY id DESC')
  const current = db.prepare<[number], LabelRow>('SELECT * FROM image_labels WHERE image_id = ? ORDER BY id DESC LIMIT 1')

  return {
    /** Appends a label row and updates the image's cached current label. */
    add(l: NewLabel): ImageLabel {
      const info = insert.run(l.imageId, l.classId, l.flagged ? 1 : 0, l.author, now(), l.source, l.runId)
      setCurrent.run(l.classId, l.flagged ? 1 : 0, l.imageId)
      return toImageLabel(byId.get(Number(info.lastInsertRowid))!)
    },
    get(id: number): ImageLabel | null {
      const r = byId.get(id)
      return r ? toImageLabel(r) : null
    },
    current(imageId: number): ImageLabel | null {
      const r = current.get(imageId)
      return r ? toImageLabel(r) : null
    },
    history(imageId: number): ImageLabel[] {
      return history.all(imageId).map(toImageLabel)
    },
  }
}
export type LabelsRepo = ReturnType<typeof createLabelsRepo>
