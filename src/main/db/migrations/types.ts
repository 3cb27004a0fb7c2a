export interface Migration {
  /** Numbered 10, 20, 30 … so a fix can slot in between. Stored in PRAGMA user_version. */
  version: number
  name: string
  up: string
}
