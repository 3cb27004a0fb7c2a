// Test fixture: a real project DB (the real migration SQL) filled with generated phantoms:
// MRI-like slices with a bright disc "lesion" and its mask, and X-ray-like images in two
// classes (with / without an opacity). Used by the ML tests and the trainer-process test.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { migration0010 } from '../../main/db/migrations/0010_init'
import { encodeMaskRle, maskArea } from '../../imaging/mask-rle'
import { createRng } from '../random'
import type { SnapshotItem, TrainSnapshot } from '../../shared/trainer-protocol'

export interface PhantomProject {
  dir: string
  dbPath: string
  segSnapshot: TrainSnapshot
  clsSnapshot: TrainSnapshot
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}

/** A slice: smooth tissue background, noise, and (optionally) a bright disc; values uint16. */
export function lesionPhantom(size: number, rng: () => number, withLesion = true) {
  const px = new Uint16Array(size * size)
  const mask = new Uint8Array(size * size)
  const cx = size * (0.3 + 0.4 * rng())
  const cy = size * (0.3 + 0.4 * rng())
  const r = size * (0.1 + 0.08 * rng())
  const bodyR = size * 0.45
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const body = Math.hypot(x - size / 2, y - size / 2) < bodyR
      let v = body ? 400 + 100 * Math.sin(x / 5) : 50
      const inside = withLesion && Math.hypot(x - cx, y - cy) < r
      if (inside) {
        v += 500
        mask[y * size + x] = 1
      }
      px[y * size + x] = Math.max(0, Math.round(v + 40 * gaussian(rng)))
    }
  }
  return { px, mask }
}

function insertImage(db: Database.Database, id: number, name: string, size: number, px: Uint16Array, split: string | null, patient: string) {
  let min = Infinity
  let max = -Infinity
  for (const v of px) {
    if (v < min) min = v
    if (v > max) max = v
  }
  db.prepare(
    `INSERT INTO images (id, name, source_key, format, width, height, dtype, window_center, window_width, min, max, split, patient_key, created_at)
     VALUES (?, ?, ?, 'png', ?, ?, 'uint16', ?, ?, ?, ?, ?, ?, datetime('now'))`,
  ).run(id, name, `phantom:${name}`, size, size, (min + max) / 2, max - min, min, max, split, patient)
  db.prepare('INSERT INTO image_pixels (image_id, dtype, data) VALUES (?, ?, ?)').run(id, 'uint16', Buffer.from(px.buffer, px.byteOffset, px.byteLength))
}

/** Builds the DB at `dir/radlab.sqlite`. Segmentation images get ids 1…nSeg, classification the next nCls. */
export function createPhantomProject(dir: string, opts: { nSeg?: number; nCls?: number; size?: number; seed?: number; withValSplit?: boolean } = {}): PhantomProject {
  const nSeg = opts.nSeg ?? 40
  const nCls = opts.nCls ?? 40
  const size = opts.size ?? 64
  const rng = createRng(opts.seed ?? 7)
  mkdirSync(dir, { recursive: true })
  const dbPath = join(dir, 'radlab.sqlite')
  const db = new Database(dbPath)
  db.pragma('journal_mode = WAL')
  db.exec(migration0010.up)
  db.pragma(`user_version = ${migration0010.version}`)
  db.prepare(`INSERT INTO label_classes (id, name, color, kind, value, position) VALUES (1, 'lesion', '#ff0000', 'mask', 1, 0)`).run()
  db.prepare(`INSERT INTO label_classes (id, name, color, kind, value, position) VALUES (2, 'normal', '#00ff00', 'image', NULL, 1)`).run()
  db.prepare(`INSERT INTO label_classes (id, name, color, kind, value, position) VALUES (3, 'opacity', '#0000ff', 'image', NULL, 2)`).run()

  const seg: { train: SnapshotItem[]; val: SnapshotItem[] } = { train: [], val: [] }
  const cls: { train: SnapshotItem[]; val: SnapshotItem[] } = { train: [], val: [] }
  const insert = db.transaction(() => {
    for (let i = 0; i < nSeg; i++) {
      const id = i + 1
      const patient = `P${Math.floor(i / 2)}`
      const split = opts.withValSplit && i % 5 === 4 ? 'val' : 'train'
      // One in eight slices has no lesion: empty masks must train (and score) too.
      const { px, mask } = lesionPhantom(size, rng, i % 8 !== 7)
      insertImage(db, id, `seg_${i}`, size, px, split, patient)
      const rle = encodeMaskRle(mask, size, size)
      const mv = db
        .prepare(
          `INSERT INTO mask_versions (image_id, author, created_at, source, codec, width, height, area, data) VALUES (?, 'test', datetime('now'), 'human', 'rle', ?, ?, ?, ?)`,
        )
        .run(id, size, size, maskArea(mask), Buffer.from(rle))
      seg[split === 'val' ? 'val' : 'train'].push({ imageId: id, maskVersionId: Number(mv.lastInsertRowid), patientKey: patient })
    }
    for (let i = 0; i < nCls; i++) {
      const id = nSeg + i + 1
      const positive = i % 2 === 1
      const { px } = lesionPhantom(size, rng, positive)
      const patient = `C${i}`
      const split = opts.withValSplit && i % 5 === 4 ? 'val' : 'train'
      insertImage(db, id, `cls_${i}`, size, px, split, patient)
      db.prepare(`INSERT INTO image_labels (image_id, class_id, author, created_at, source) VALUES (?, ?, 'test', datetime('now'), 'human')`).run(id, positive ? 3 : 2)
      cls[split === 'val' ? 'val' : 'train'].push({ imageId: id, classIndex: positive ? 1 : 0, patientKey: patient })
    }
  })
  insert()
  db.close()
  return {
    dir,
    dbPath,
    segSnapshot: { dbPath, projectDir: dir, task: 'segmentation', classes: [{ id: 1, name: 'lesion', value: 1 }], items: seg, dataHash: 'phantom-seg' },
    clsSnapshot: {
      dbPath,
      projectDir: dir,
      task: 'classification',
      classes: [
        { id: 2, name: 'normal', value: null },
        { id: 3, name: 'opacity', value: null },
      ],
      items: cls,
      dataHash: 'phantom-cls',
    },
  }
}
