// The page's data side against the real handlers and a real project (the typed API over an
// in-process transport instead of the WebSocket): autosave of commits, a volume's fill between
// slices and its undo saved on every slice, restore and "load theirs" as undoable steps.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../../../test/fixtures'
import { buildApi } from '../../../../shared/api-builder'
import type { RadlabApi } from '../../../../shared/contract'
import { createAppContext, type AppContext } from '../../../../main/app-context'
import { createHandlers } from '../../../../main/ipc/handlers'
import { createRegistry } from '../../../../main/ipc/registry'
import { AnnotateStore } from './annotate-store'

let dir: string
let ctx: AppContext
let api: RadlabApi
let projectId: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-annotate-store-'))
  process.env.RADLAB_HOME = join(dir, 'home')
  ctx = createAppContext('serve')
  const registry = createRegistry(createHandlers(ctx))
  api = buildApi({ invoke: (c, i) => registry.invoke(c, i), on: () => () => {} })
  const p = await api.projects.create({ dir: join(dir, 'p') })
  projectId = p.id
})
afterEach(() => {
  ctx.jobs.shutdown()
  ctx.projects.closeAll()
  delete process.env.RADLAB_HOME
  rmSync(dir, { recursive: true, force: true })
})

const store = () => new AnnotateStore({ api, projectId, author: () => 'Dr Store', debounceMs: 5 })
const disc = (n: number, w: number, cx: number, cy: number, r: number) => {
  const m = new Uint8Array(n)
  for (let y = 0; y < n / w; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m[y * w + x] = 1
  return m
}
const area = (m: Uint8Array | null) => (m ? m.reduce((s, v) => s + v, 0) : 0)

describe('AnnotateStore', () => {
  it('fill between slices is one undo step; every changed slice is saved, and saved again on undo', async () => {
    await api.import.run({ projectId, paths: [makeLayoutFolder('nifti', join(dir, 'src'), 5, 32).root] })
    const ids = (await api.images.list({ projectId, offset: 0, limit: 10 })).items.filter((i) => i.volumeId !== null).sort((a, b) => a.sliceIndex! - b.sliceIndex!).map((i) => i.id)
    expect(ids).toHaveLength(5)
    const s = store()
    await s.open(ids[4])
    let shown = s.getSnapshot().shown!
    expect(shown.sliceIndex).toBe(4)
    // The editor commits a disc on slice 5, then on slice 1 (as the page does: copy of its live map).
    s.commit(disc(32 * 32, 32, 16, 16, 6))
    await s.open(ids[0])
    shown = s.getSnapshot().shown!
    s.commit(disc(32 * 32, 32, 16, 16, 6))
    await s.flushAll()
    expect(s.getSnapshot().save.state.kind).toBe('saved')

    expect(s.fillBetween(0, 4)).toEqual([1, 2, 3])
    await s.flushAll()
    for (const id of ids.slice(1, 4)) {
      const cur = await api.masks.current({ projectId, imageId: id })
      expect(area(cur.labels)).toBeGreaterThan(80)
      expect(cur.version!.author).toBe('Dr Store')
    }
    // Undo as the editor does on slice 1: the step touches slices 2–4 only, which are saved empty.
    const live = shown.labels.slice()
    expect(shown.history.undo(live)).toBeNull()
    await s.flushAll()
    for (const id of ids.slice(1, 4)) expect(area((await api.masks.current({ projectId, imageId: id })).labels)).toBe(0)
    expect(area((await api.masks.current({ projectId, imageId: ids[0] })).labels)).toBeGreaterThan(80)
  })

  it('restore and "load theirs" show the stored content and stay one undo step away', async () => {
    await api.import.run({ projectId, paths: [makeLayoutFolder('plain', join(dir, 'src'), 1, 32).root] })
    const [{ id }] = (await api.images.list({ projectId, offset: 0, limit: 10 })).items
    const s = store()
    await s.open(id)
    const a = disc(32 * 32, 32, 8, 8, 4)
    s.commit(a)
    await s.flushAll()
    const first = (await api.masks.current({ projectId, imageId: id })).version!
    s.commit(disc(32 * 32, 32, 20, 20, 5))
    await s.flushAll()
    await s.restore(first.id)
    const restored = (await api.masks.current({ projectId, imageId: id }))
    expect(Array.from(restored.labels!)).toEqual(Array.from(a))
    expect(Array.from(s.getSnapshot().shown!.labels)).toEqual(Array.from(a))
    expect(s.currentVersionId(id)).toBe(restored.version!.id)

    // Another window saves on top; this one (behind) commits: conflict, nothing overwritten.
    const theirs = disc(32 * 32, 32, 25, 5, 3)
    await api.masks.save({ projectId, imageId: id, parentId: restored.version!.id, labels: theirs, author: 'Dr Other' })
    s.commit(disc(32 * 32, 32, 5, 25, 3))
    await s.flushAll()
    expect(s.getSnapshot().save.state.kind).toBe('conflict')
    expect(s.getSnapshot().save.state.kind === 'conflict' && (s.getSnapshot().save.state as { reason: string }).reason).toContain('Dr Other')
    await s.loadTheirs(id)
    const shown = s.getSnapshot().shown!
    expect(Array.from(shown.labels)).toEqual(Array.from(theirs))
    expect(s.getSnapshot().save.state.kind).toBe('saved')
    // Mine is one undo away (the page's history recorded the replacement).
    const live = shown.labels.slice()
    expect(shown.history.undo(live)).not.toBeNull()
    expect(Array.from(live)).toEqual(Array.from(disc(32 * 32, 32, 5, 25, 3)))
  })
})
