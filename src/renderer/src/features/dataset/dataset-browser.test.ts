import { resolveObjectURL } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import type { ImageSummary } from '../../../../shared/domain'
import { ImagePager } from './image-pager'
import { ThumbnailCache } from './thumbnail-cache'
import { columnsFor, moveSelection, scrollToRow, visibleRows } from './grid-geometry'

const tick = () => new Promise((r) => setTimeout(r, 5))
const fakeImage = (id: number) => ({ id, name: `img${id}.png` }) as ImageSummary

describe('grid geometry', () => {
  it('renders only the rows on screen plus overscan', () => {
    expect(columnsFor(1000, 148)).toBe(6)
    expect(visibleRows(0, 700, 1700, 176, 2)).toEqual({ first: 0, last: 5 })
    expect(visibleRows(176 * 1000, 700, 1700, 176, 2)).toEqual({ first: 998, last: 1005 })
    expect(visibleRows(176 * 1699, 700, 1700, 176, 2).last).toBe(1699)
    expect(visibleRows(0, 700, 0).last).toBe(-1)
  })
  it('scrolls a selected row into view and moves the selection by keys', () => {
    expect(scrollToRow(10, 0, 700, 176)).toBe(11 * 176 - 700)
    expect(scrollToRow(0, 500, 700, 176)).toBe(0)
    expect(scrollToRow(3, 400, 700, 176)).toBe(400)
    expect(moveSelection(5, 'ArrowDown', 6, 100, 4)).toBe(11)
    expect(moveSelection(98, 'ArrowRight', 6, 100, 4)).toBe(99)
    expect(moveSelection(99, 'ArrowRight', 6, 100, 4)).toBe(99)
    expect(moveSelection(2, 'ArrowUp', 6, 100, 4)).toBe(0)
    expect(moveSelection(-1, 'ArrowDown', 6, 100, 4)).toBe(0)
  })
})

describe('ImagePager', () => {
  it('loads only the pages asked for and reports the total', async () => {
    const calls: number[] = []
    const pager = new ImagePager(async (offset, limit) => {
      calls.push(offset)
      return { total: 10000, items: Array.from({ length: limit }, (_, i) => fakeImage(offset + i + 1)) }
    }, () => {}, 100)
    pager.ensure(0, 50)
    pager.ensure(0, 50)
    await tick()
    expect(calls).toEqual([0])
    expect(pager.total).toBe(10000)
    expect(pager.get(42)?.id).toBe(43)
    expect(pager.get(150)).toBeUndefined()
    pager.ensure(5000, 5250)
    await tick()
    expect(calls).toEqual([0, 5000, 5100, 5200])
    expect(pager.get(5249)?.id).toBe(5250)
    expect(pager.indexOf(5250)).toBe(5249)
  })
  it('keeps a bounded number of pages', async () => {
    const pager = new ImagePager(async (offset, limit) => ({ total: 100000, items: Array.from({ length: limit }, (_, i) => fakeImage(offset + i + 1)) }), () => {}, 10, 5)
    for (let p = 0; p < 20; p++) { pager.ensure(p * 10, p * 10 + 10); await tick() }
    pager.ensure(190, 200)
    expect(pager.get(0)).toBeUndefined()
    expect(pager.get(195)?.id).toBe(196)
  })
  it('ignores answers that arrive after it was disposed', async () => {
    let changes = 0
    const pager = new ImagePager(async () => ({ total: 1, items: [fakeImage(1)] }), () => changes++)
    pager.ensure(0, 1)
    pager.dispose()
    await tick()
    expect(changes).toBe(0)
    expect(pager.get(0)).toBeUndefined()
  })
})

describe('ThumbnailCache', () => {
  const png = new Uint8Array([137, 80, 78, 71])
  it('batches requests, serves blob URLs and revokes what it evicts', async () => {
    const batches: number[][] = []
    const cache = new ThumbnailCache(async (ids) => { batches.push(ids); return ids.map((id) => ({ id, png })) }, () => {}, 50, 20)
    cache.request(Array.from({ length: 30 }, (_, i) => i + 1))
    await tick()
    expect(batches.map((b) => b.length)).toEqual([20, 10])
    const first = cache.url(1)!
    expect(first).toMatch(/^blob:/)
    cache.request(Array.from({ length: 60 }, (_, i) => i + 100))
    await tick(); await tick()
    expect(cache.size).toBe(50)
    // Id 1 was touched, so it outlived ids 2..30, but 60 newer entries pushed everything old out.
    expect(cache.url(2)).toBeUndefined()
    expect(resolveObjectURL(cache.url(150)!)).toBeDefined()
    expect(resolveObjectURL(first)).toBeUndefined()
    cache.dispose()
    expect(cache.size).toBe(0)
  })
  it('drops queued wishes that scrolled away before they were sent', async () => {
    const batches: number[][] = []
    const cache = new ThumbnailCache(async (ids) => { batches.push(ids); return [] }, () => {})
    cache.request([1, 2, 3])
    cache.request([7, 8])
    await tick()
    expect(batches).toEqual([[7, 8]])
  })
})
