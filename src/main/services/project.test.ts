import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../test/fixtures'
import { createProject, openProject } from './project'
import { ProjectRegistry } from './project-registry'
import { loadSettings } from './app-settings'
import { runImport } from './import'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-proj-'))
  process.env.RADLAB_HOME = join(dir, 'home')
})
afterEach(() => {
  delete process.env.RADLAB_HOME
  spawnSync('chattr', ['-R', '-i', dir])
  rmSync(dir, { recursive: true, force: true })
})

const isRoot = process.getuid?.() === 0

/** Makes a folder read-only for this user: chmod, or the immutable bit when running as root. */
function makeReadOnly(path: string): boolean {
  if (!isRoot) {
    chmodSync(path, 0o555)
    return true
  }
  return spawnSync('chattr', ['+i', path]).status === 0
}

describe('projects', () => {
  it('creates a folder with radlab.sqlite (WAL) and a files/ store, and reopens it with the same id', () => {
    const p = createProject(join(dir, 'p1'), 'Brain MRI')
    const id = p.id
    expect(p.info().name).toBe('Brain MRI')
    p.close()
    const again = openProject(join(dir, 'p1'))
    expect(again.id).toBe(id)
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal')
    again.close()
  })

  it('refuses to create a project in a non-empty folder or over an existing project', () => {
    mkdirSync(join(dir, 'full'))
    writeFileSync(join(dir, 'full', 'x.txt'), 'x')
    expect(() => createProject(join(dir, 'full'))).toThrow(/not empty/)
    createProject(join(dir, 'p')).close()
    expect(() => createProject(join(dir, 'p'))).toThrow(/already holds a RadLab project/)
  })

  it('refuses a DB written by a newer RadLab with a clear message', () => {
    createProject(join(dir, 'p')).close()
    const db = new Database(join(dir, 'p', 'radlab.sqlite'))
    db.pragma('user_version = 5000')
    db.close()
    expect(() => openProject(join(dir, 'p'))).toThrow(/newer RadLab/)
  })

  it('says clearly when a folder is not a project', () => {
    expect(() => openProject(join(dir, 'nothing'))).toThrow(/is not a RadLab project/)
  })

  it('lists recent projects, newest first', () => {
    const reg = new ProjectRegistry()
    reg.create(join(dir, 'a'), 'A')
    reg.create(join(dir, 'b'), 'B')
    reg.closeAll()
    expect(loadSettings().recent.map((r) => r.name)).toEqual(['B', 'A'])
  })

  it('refuses a read-only project folder with a clear message', (ctx) => {
    createProject(join(dir, 'ro')).close()
    if (!makeReadOnly(join(dir, 'ro'))) ctx.skip()
    expect(() => openProject(join(dir, 'ro'))).toThrow(/read-only/)
  })
})

describe('a disk that fills during import', () => {
  it('stops cleanly on a real full filesystem and keeps what was committed (tmpfs, root only)', async (ctx) => {
    const mnt = join(dir, 'small-disk')
    mkdirSync(mnt)
    if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]).status !== 0) {
      ctx.skip()
      return
    }
    try {
      const f = makeLayoutFolder('plain', join(dir, 'src'), 60, 160)
      const p = createProject(join(mnt, 'project'))
      const s = await runImport(p, { paths: [f.root] })
      expect(s.stoppedEarly).toMatch(/disk full|no space|full/i)
      const stored = p.db.prepare('SELECT count(*) FROM images').pluck().get() as number
      expect(stored).toBe(s.imagesAdded)
      expect(stored).toBeGreaterThan(0)
      p.close()
      // Reopening after the failure works and shows the committed images.
      const again = openProject(join(mnt, 'project'))
      expect(again.db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(stored)
      again.close()
    } finally {
      execFileSync('umount', ['-l', mnt])
    }
  })
})
