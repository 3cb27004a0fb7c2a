import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../test/fixtures'
import { createProject, type Project } from './project'
import { runImport } from './import'
import { currentMask, maskHistory, restoreMask, saveMask, setReviewStatus } from './masks'
import { setLabel, triageQueue, undoLabel } from './labels'

let dir: string
let project: Project
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-masks-'))
  project = createProject(join(dir, 'p'))
  await runImport(project, { paths: [makeLayoutFolder('classes-nosplit', join(dir, 'src'), 3, 32).root] })
})
afterEach(() => {
  project.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('mask versions', () => {
  it('appends versions with author and parent, never overwriting, and restores by copying', () => {
    const id = 1
    const a = new Uint8Array(32 * 32); a[5] = 1
    const v1 = saveMask(project, { imageId: id, parentId: null, labels: a, author: 'Dr A' })
    const b = new Uint8Array(32 * 32); b[6] = 1; b[7] = 1
    const v2 = saveMask(project, { imageId: id, parentId: v1.id, labels: b, author: 'Dr B' })
    expect(v2.parentId).toBe(v1.id)
    expect(v2.area).toBe(2)
    expect(currentMask(project, id).labels![6]).toBe(1)
    const v3 = restoreMask(project, v1.id, 'Dr C')
    expect(v3.parentId).toBe(v2.id)
    expect(Array.from(currentMask(project, id).labels!)).toEqual(Array.from(a))
    const history = maskHistory(project, id)
    expect(history.map((h) => h.author)).toEqual(['Dr C', 'Dr B', 'Dr A'])
    expect(Buffer.from(history[0].thumbnail.subarray(1, 4)).toString('latin1')).toBe('PNG')
  })

  it('refuses a save based on a stale version (second window), naming the newer version', () => {
    const m = new Uint8Array(32 * 32)
    const v1 = saveMask(project, { imageId: 2, parentId: null, labels: m, author: 'window 1' })
    saveMask(project, { imageId: 2, parentId: v1.id, labels: m, author: 'window 1' })
    expect(() => saveMask(project, { imageId: 2, parentId: v1.id, labels: m, author: 'window 2' })).toThrow(/newer mask \(version \d+ by window 1/)
  })

  it('refuses a mask of the wrong size, and edits of an approved image until it is reopened', () => {
    expect(() => saveMask(project, { imageId: 1, parentId: null, labels: new Uint8Array(10), author: 'x' })).toThrow(/10 pixels; the image is 32×32/)
    setReviewStatus(project, 1, 'approved', 'Dr Lead')
    expect(() => saveMask(project, { imageId: 1, parentId: null, labels: new Uint8Array(1024), author: 'x' })).toThrow(/approved and read-only/)
    setReviewStatus(project, 1, 'in_review', 'Dr Lead')
    expect(saveMask(project, { imageId: 1, parentId: null, labels: new Uint8Array(1024), author: 'x' }).id).toBeGreaterThan(0)
    expect(project.db.prepare('SELECT status, author FROM review_events ORDER BY id').all()).toEqual([
      { status: 'approved', author: 'Dr Lead' }, { status: 'in_review', author: 'Dr Lead' },
    ])
  })
})

describe('triage labels', () => {
  it('keeps every change with author and source, undoes the last one, and counts queues live', () => {
    const classes = project.repos.classes.list().filter((c) => c.kind === 'image')
    const [normal, pneumonia] = classes
    const before = triageQueue(project, 'all')
    const wasPneumonia = project.repos.labels.current(1)?.classId === pneumonia.id
    const l = setLabel(project, { imageId: 1, classId: pneumonia.id, author: 'Dr T' })
    expect(l.source).toBe('human')
    expect(l.author).toBe('Dr T')
    expect(triageQueue(project, 'all').counts[pneumonia.name]).toBe(before.counts[pneumonia.name] + (wasPneumonia ? 0 : 1))
    setLabel(project, { imageId: 1, classId: pneumonia.id, flagged: true, author: 'Dr T' })
    expect(triageQueue(project, 'flagged').items.map((i) => i.imageId)).toEqual([1])
    const cleared = setLabel(project, { imageId: 2, classId: null, author: 'Dr T' })
    expect(triageQueue(project, 'unlabelled').items.map((i) => i.imageId)).toEqual([2])
    const undone = undoLabel(project, cleared.id, 'Dr T')
    expect(undone?.classId).not.toBeNull()
    expect(triageQueue(project, 'unlabelled').total).toBe(0)
    expect(project.repos.labels.history(2).length).toBe(3) // import, clear, undo
    expect(normal).toBeDefined()
  })
})
