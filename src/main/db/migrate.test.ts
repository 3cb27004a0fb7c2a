import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from './migrate'
import { migrations, LATEST_SCHEMA_VERSION } from './migrations'
import { openProjectDb } from './connection'

const dirs: string[] = []
function tmpDb() {
  const d = mkdtempSync(join(tmpdir(), 'radlab-mig-'))
  dirs.push(d)
  return join(d, 'radlab.sqlite')
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

describe('migrations', () => {
  it('creates every table on a fresh DB and records user_version', () => {
    const db = openProjectDb(tmpDb())
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r: any) => r.name)
    for (const t of ['images', 'image_pixels', 'thumbnails', 'mask_versions', 'image_labels', 'label_classes', 'runs', 'run_epochs', 'checkpoints', 'predictions', 'volumes', 'files', 'meta']) {
      expect(tables).toContain(t)
    }
    db.close()
  })

  it('upgrades an older DB and keeps its rows', () => {
    const path = tmpDb()
    const old = new Database(path)
    const extra = { version: LATEST_SCHEMA_VERSION + 10, name: 'test_extra', up: 'ALTER TABLE meta ADD COLUMN note TEXT;' }
    migrate(old, migrations)
    old.prepare("INSERT INTO meta(key, value) VALUES ('k', 'v')").run()
    migrate(old, [...migrations, extra])
    expect(old.pragma('user_version', { simple: true })).toBe(extra.version)
    expect(old.prepare("SELECT value, note FROM meta WHERE key='k'").get()).toEqual({ value: 'v', note: null })
    old.close()
  })

  it('rolls back every pending migration when one fails', () => {
    const db = new Database(tmpDb())
    const broken = { version: LATEST_SCHEMA_VERSION + 10, name: 'broken', up: 'CREATE TABLE x(a); SELECT * FROM no_such_table;' }
    expect(() => migrate(db, [...migrations, broken])).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name='images'").get()).toEqual({ n: 0 })
  })

  it('refuses a DB written by a newer RadLab with a clear message', () => {
    const path = tmpDb()
    const db = new Database(path)
    db.pragma('user_version = 9990')
    db.close()
    expect(() => openProjectDb(path)).toThrow(/newer RadLab \(schema 9990/)
  })

  it('0020 adds cached prediction scores to a 0010 DB and keeps its predictions', () => {
    const db = new Database(tmpDb())
    migrate(db, migrations.filter((m) => m.version <= 10))
    db.prepare("INSERT INTO runs(id, name, task, status, config_json, seed, created_at) VALUES ('r', 'r', 'segmentation', 'done', '{}', 1, 'now')").run()
    db.prepare("INSERT INTO images(name, source_key, format, width, height, dtype, min, max, created_at) VALUES ('a', 'k', 'png', 2, 2, 'uint8', 0, 1, 'now')").run()
    db.prepare("INSERT INTO predictions(run_id, image_id, width, height, prob, created_at) VALUES ('r', 1, 2, 2, x'00ff00ff', 'now')").run()
    migrate(db)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.prepare('SELECT run_id, dice, iou, scored_mask_id FROM predictions').get()).toEqual({ run_id: 'r', dice: null, iou: null, scored_mask_id: null })
  })
})
