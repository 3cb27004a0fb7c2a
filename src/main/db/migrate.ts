import type Database from 'better-sqlite3'
import { RadlabError } from '../../shared/errors'
import { migrations as allMigrations } from './migrations'
import type { Migration } from './migrations/types'

/**
 * Brings a DB up to the newest schema. All pending migrations run in ONE transaction with the
 * user_version bump, so a crash mid-way leaves the DB exactly as it was.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations, file = 'radlab.sqlite'): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0
  if (current > latest) {
    throw new RadlabError(
      'project_too_new',
      `${file} was written by a newer RadLab (schema ${current}; this version understands up to ${latest}). Update RadLab to open it.`,
    )
  }
  const pending = migrations.filter((m) => m.version > current)
  if (pending.length === 0) return current
  db.transaction(() => {
    for (const m of pending) db.exec(m.up)
    db.pragma(`user_version = ${latest}`)
  })()
  return latest
}
