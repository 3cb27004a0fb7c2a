// An open project: its folder, its DB (the only writer is main) and its repositories.
import { randomBytes, randomUUID } from 'node:crypto'
import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type Database from 'better-sqlite3'
import type { ProjectInfo } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import { DB_FILE, openProjectDb } from '../db/connection'
import { createRepos, type Repos } from '../db/project-db'

export class Project {
  readonly dir: string
  readonly db: Database.Database
  readonly repos: Repos
  readonly id: string

  constructor(dir: string, db: Database.Database) {
    this.dir = dir
    this.db = db
    this.repos = createRepos(db)
    this.id = this.repos.meta.get('project_id')!
  }

  get name(): string {
    return this.repos.meta.get('name') ?? basename(this.dir)
  }
  get dbPath(): string {
    return join(this.dir, DB_FILE)
  }
  get filesDir(): string {
    return join(this.dir, 'files')
  }
  get modelsDir(): string {
    return join(this.dir, 'models')
  }
  /** Salt for pseudonymous patient keys; never leaves the project. */
  get patientSalt(): string {
    return this.repos.meta.get('patient_salt')!
  }

  info(): ProjectInfo {
    return {
      id: this.id,
      name: this.name,
      dir: this.dir,
      createdAt: this.repos.meta.get('created_at') ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    }
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

export function createProject(dirIn: string, name?: string): Project {
  const dir = resolve(dirIn)
  if (existsSync(join(dir, DB_FILE))) throw new RadlabError('project_exists', `${dir} already holds a RadLab project; open it instead`)
  if (existsSync(dir) && readdirSync(dir).some((f) => !f.startsWith('.'))) {
    throw new RadlabError('project_exists', `${dir} is not empty; choose an empty or new folder for a project`)
  }
  try {
    mkdirSync(join(dir, 'files'), { recursive: true })
  } catch (e) {
    throw new RadlabError('read_only', `cannot create project folder ${dir}: ${(e as Error).message}`)
  }
  const db = openProjectDb(join(dir, DB_FILE))
  db.transaction(() => {
    const meta = createRepos(db).meta
    meta.set('project_id', randomUUID())
    meta.set('name', name ?? basename(dir))
    meta.set('created_at', new Date().toISOString())
    meta.set('patient_salt', randomBytes(16).toString('hex'))
  })()
  return new Project(dir, db)
}

export function openProject(dirIn: string): Project {
  const dir = resolve(dirIn)
  const dbPath = join(dir, DB_FILE)
  if (!existsSync(dbPath)) throw new RadlabError('not_found', `${dir} is not a RadLab project (no ${DB_FILE})`)
  try {
    accessSync(dir, constants.W_OK)
    accessSync(dbPath, constants.W_OK)
  } catch {
    throw new RadlabError('read_only', `${dir} is read-only: RadLab needs to write its database there`)
  }
  const db = openProjectDb(dbPath)
  mkdirSync(join(dir, 'files'), { recursive: true })
  return new Project(dir, db)
}
