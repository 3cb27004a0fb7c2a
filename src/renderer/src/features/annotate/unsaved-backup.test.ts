import { describe, expect, it } from 'vitest'
import { UnsavedBackup } from './unsaved-backup'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m }
}

describe('UnsavedBackup', () => {
  it('keeps a map with its parent version per image and gives it back', () => {
    const st = memoryStorage()
    const b = new UnsavedBackup(st, 'radlab-unsaved:p1:')
    const labels = new Uint8Array(1024 * 1024)
    labels.fill(2, 5000, 90000)
    b.write(7, 42, labels)
    expect(st.m.get('radlab-unsaved:p1:7')!.length).toBeLessThan(200)
    const e = b.read(7)!
    expect(e.parentId).toBe(42)
    expect(e.labels).toEqual(labels)
    expect(b.read(8)).toBeNull()
    b.clear(7)
    expect(b.read(7)).toBeNull()
  })

  it('drops an unreadable entry and survives a full storage', () => {
    const st = memoryStorage()
    st.setItem('x:1', '{not json')
    const b = new UnsavedBackup(st, 'x:')
    expect(b.read(1)).toBeNull()
    expect(st.m.has('x:1')).toBe(false)
    const full = new UnsavedBackup({ ...st, setItem: () => { throw new Error('QuotaExceededError') } }, 'x:')
    expect(() => full.write(1, null, new Uint8Array(4))).not.toThrow()
  })
})
