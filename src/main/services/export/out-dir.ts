// Export targets: a new or empty folder, or any folder with --force (files are added or replaced,
// nothing else in it is deleted).
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { RadlabError } from '../../../shared/errors'

export function prepareOutDir(out: string, force: boolean): string {
  const dir = resolve(out)
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new RadlabError('invalid_input', `${dir} exists and is a file, not a folder`)
    const entries = readdirSync(dir)
    if (entries.length > 0 && !force) {
      throw new RadlabError('invalid_input', `${dir} is not empty (${entries.length} entries); choose an empty folder or pass --force to write into it`)
    }
  }
  try {
    mkdirSync(dir, { recursive: true })
  } catch (e) {
    throw new RadlabError('read_only', `cannot create export folder ${dir}: ${(e as Error).message}`)
  }
  return dir
}
