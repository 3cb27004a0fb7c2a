import Database from 'better-sqlite3'
import { migrate } from './migrate'
import { sqliteNativeBinding } from './native-binding'

export const DB_FILE = 'radlab.sqlite'

export interface OpenDbOptions {
  readonly?: boolean
}

/** Opens a project DB in WAL mode (readers never block the writer) and migrates it. */
export function openProjectDb(path: string, opts: OpenDbOptions = {}): Database.Database {
  const db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, nativeBinding: sqliteNativeBinding() })
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, undefined, path)
  }
  return db
}
