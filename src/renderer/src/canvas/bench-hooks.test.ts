import { describe, expect, it } from 'vitest'
import { createPerfRecorder, percentile, RingBuffer } from './bench-hooks'

describe('bench hooks', () => {
  it('ring buffer keeps the newest values in order', () => {
    const r = new RingBuffer(3)
    for (const v of [1, 2, 3, 4, 5]) r.push(v)
    expect(r.values()).toEqual([3, 4, 5])
    r.clear()
    expect(r.size).toBe(0)
  })
  it('nearest-rank percentiles and summaries', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(v, 95)).toBe(95)
    expect(percentile(v, 50)).toBe(50)
    const rec = createPerfRecorder(10)
    rec.pointer.push(2)
    rec.pointer.push(4)
    expect(rec.summary().pointer).toMatchObject({ count: 2, p50: 2, p95: 4, max: 4, mean: 3 })
    expect(rec.summary().draw.count).toBe(0)
  })
})
