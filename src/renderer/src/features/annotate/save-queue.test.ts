// The autosave queue against a real project (SQLite through the mask service): debounced saves
// chain parents, failures retry with the map kept, conflicts stop until the user decides.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../../../test/fixtures'
import { createProject, type Project } from '../../../../main/services/project'
import { runImport } from '../../../../main/services/import'
import { currentMask, saveMask, setReviewStatus } from '../../../../main/services/masks'
import { RadlabError } from '../../../../shared/errors'
import { describeSaveState, SaveQueue, worstState } from './save-queue'

const SIZE = 16
let dir: string
let project: Project
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-savequeue-'))
  project = createProject(join(dir, 'p'))
  await runImport(project, { paths: [makeLayoutFolder('plain', join(dir, 'src'), 2, SIZE).root] })
})
afterEach(() => {
  project.close()
  rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** The service as the page calls it, with errors as data like the API delivers them. */
function realSave(imageId: number, author = 'Dr Q') {
  return async (parentId: number | null, labels: Uint8Array) => {
    try {
      return saveMask(project, { imageId, parentId, labels, author })
    } catch (e) {
      throw (e as RadlabError).toData()
    }
  }
}
function map(...set: number[]) {
  const m = new Uint8Array(SIZE * SIZE)
  for (const i of set) m[i] = 1
  return m
}
const versions = (imageId: number) => project.db.prepare('SELECT id, parent_id AS parentId FROM mask_versions WHERE image_id = ? ORDER BY id').all(imageId) as { id: number; parentId: number | null }[]

describe('SaveQueue', () => {
  it('debounces a burst of steps into one version and chains parents', async () => {
    const q = new SaveQueue({ imageId: 1, parentId: null, save: realSave(1), debounceMs: 30 })
    const live = map(1)
    q.schedule(live)
    live[2] = 1 // the editor keeps editing its live map: the queue holds its own copy
    q.schedule(live)
    expect(q.state.kind).toBe('pending')
    await sleep(80)
    expect(q.state.kind).toBe('saved')
    expect(versions(1)).toHaveLength(1)
    expect(Array.from(currentMask(project, 1).labels!.subarray(0, 4))).toEqual([0, 1, 1, 0])
    q.schedule(map(3))
    await q.flush()
    const v = versions(1)
    expect(v).toHaveLength(2)
    expect(v[1].parentId).toBe(v[0].id)
    expect(q.parentId).toBe(v[1].id)
  })

  it('keeps the map through failures and retries with backoff until the save succeeds', async () => {
    let failures = 2
    const save = realSave(1)
    const states: string[] = []
    const q = new SaveQueue({
      imageId: 1, parentId: null, debounceMs: 5, retryMs: 20,
      save: async (p, l) => {
        if (failures-- > 0) throw { code: 'disk_full', message: 'disk full: SQLITE_FULL' }
        return save(p, l)
      },
      onChange: (qq) => states.push(describeSaveState(qq.state)),
    })
    q.schedule(map(7))
    await sleep(20)
    expect(q.state).toMatchObject({ kind: 'retrying', attempt: 1, reason: 'disk full: SQLITE_FULL' })
    expect(q.hasUnsaved()).toBe(true)
    await sleep(150)
    expect(q.state.kind).toBe('saved')
    expect(states).toContain('not saved: disk full: SQLITE_FULL, retrying in 1 s')
    expect(currentMask(project, 1).labels![7]).toBe(1)
    expect(versions(1)).toHaveLength(1)
  })

  it('stops on a conflict, then "keep mine" saves on top of the newer version', async () => {
    const other = saveMask(project, { imageId: 2, parentId: null, labels: map(9), author: 'Dr Other' })
    const q = new SaveQueue({ imageId: 2, parentId: null, save: realSave(2), debounceMs: 5 })
    q.schedule(map(4))
    await q.flush()
    expect(q.state).toMatchObject({ kind: 'conflict', currentId: other.id })
    expect(q.state.kind === 'conflict' && q.state.reason).toContain('Dr Other')
    expect(versions(2)).toHaveLength(1) // nothing overwritten
    q.schedule(map(4, 5)) // further edits are held, not sent
    await sleep(30)
    expect(versions(2)).toHaveLength(1)
    await q.keepMine(other.id)
    expect(q.state.kind).toBe('saved')
    const v = versions(2)
    expect(v).toHaveLength(2)
    expect(v[1].parentId).toBe(other.id)
    expect(Array.from(currentMask(project, 2).labels!.subarray(3, 10))).toEqual([0, 1, 1, 0, 0, 0, 0])
  })

  it('"load theirs" (reset) drops local changes; an approved image blocks instead of retrying', async () => {
    const q = new SaveQueue({ imageId: 1, parentId: null, save: realSave(1), debounceMs: 5 })
    setReviewStatus(project, 1, 'approved', 'Dr Chief')
    q.schedule(map(1))
    await q.flush()
    expect(q.state.kind).toBe('blocked')
    expect(describeSaveState(q.state)).toContain('approved and read-only')
    expect(worstState([q]).state.kind).toBe('blocked')
    q.reset(null)
    expect(q.hasUnsaved()).toBe(false)
    expect(q.state.kind).toBe('saved')
    expect(versions(1)).toHaveLength(0)
  })
})
