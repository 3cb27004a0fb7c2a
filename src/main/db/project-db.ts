import type Database from 'better-sqlite3'
import { createClassesRepo } from './repositories/classes-repo'
import { createFilesRepo } from './repositories/files-repo'
import { createImagesRepo } from './repositories/images-repo'
import { createLabelsRepo } from './repositories/labels-repo'
import { createMasksRepo } from './repositories/masks-repo'
import { createMetaRepo } from './repositories/meta-repo'
import { createPredictionsRepo } from './repositories/predictions-repo'
import { createRunsRepo } from './repositories/runs-repo'

/** All repositories of one open project DB. */
export function createRepos(db: Database.Database) {
  return {
    meta: createMetaRepo(db),
    files: createFilesRepo(db),
    images: createImagesRepo(db),
    classes: createClassesRepo(db),
    masks: createMasksRepo(db),
    labels: createLabelsRepo(db),
    runs: createRunsRepo(db),
    predictions: createPredictionsRepo(db),
  }
}
export type Repos = ReturnType<typeof createRepos>
