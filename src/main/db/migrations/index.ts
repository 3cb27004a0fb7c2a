import { migration0010 } from './0010_init'
import { migration0020 } from './0020_prediction_scores'
import type { Migration } from './types'

/** Every migration in order. Add new files as 0020_…, 0030_… and list them here. */
export const migrations: readonly Migration[] = [migration0010, migration0020]

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version
