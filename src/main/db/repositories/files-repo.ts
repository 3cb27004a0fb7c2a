import type Database from 'better-sqlite3'
import { now } from './rows'

export interface FileRecord { sha256: string; size: number; originalName: string; format: string }

export function createFilesRepo(db: Database.Database) {
  const insert = db.prepare('INSERT OR IGNORE INTO files(sha256, size, original_name, format, added_at) VALUES (?, ?, ?, ?, ?)')
  const has = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM files WHERE sha256 = ?')
  const get = db.prepare<[string], { sha256: string; size: number; original_name: string; format: string }>('SELECT * FROM files WHERE sha256 = ?')
  return {
    add(f: FileRecord): void {
      insert.run(f.sha256, f.size, f.originalName, f.format, now())
    },
    has(sha: string): boolean {
      return (has.get(sha)?.n ?? 0) > 0
    },
    get(sha: string) {
      return get.get(sha) ?? null
    },
  }
}
export type FilesRepo = ReturnType<typeof createFilesRepo>
