import { describe, expect, it } from 'vitest'
import { ViewSync, type SharedView } from './view-sync'

function manual() {
  const queue: (() => void)[] = []
  const schedule = (fn: () => void) => {
    queue.push(fn)
    return () => { queue.splice(queue.indexOf(fn), 1) }
  }
  return { queue, schedule, flush: () => queue.splice(0).forEach((f) => f()) }
}

const start: SharedView = { transform: { scale: 1, offsetX: 0, offsetY: 0 }, window: { center: 100, width: 200 } }

describe('shared view state', () => {
  it('tells every view the latest state once per frame, however many moves came in', () => {
    const s = manual()
    const sync = new ViewSync(start, s.schedule)
    const seen: SharedView[][] = [[], [], []]
    seen.forEach((list) => sync.subscribe((v) => list.push(v)))
    for (let i = 1; i <= 10; i++) sync.set({ transform: { scale: 1, offsetX: i, offsetY: 0 } })
    sync.set({ window: { center: 50, width: 20 } })
    expect(s.queue.length).toBe(1)
    s.flush()
    for (const list of seen) {
      expect(list).toHaveLength(1)
      expect(list[0]).toEqual({ transform: { scale: 1, offsetX: 10, offsetY: 0 }, window: { center: 50, width: 20 } })
    }
  })

  it('stops notifying after dispose', () => {
    const s = manual()
    const sync = new ViewSync(start, s.schedule)
    let n = 0
    sync.subscribe(() => n++)
    sync.set({})
    sync.dispose()
    s.flush()
    sync.set({})
    s.flush()
    expect(n).toBe(0)
  })
})
