import { describe, expect, it } from 'vitest'
import { matchShortcut, SHORTCUTS } from '../../canvas/shortcuts'
import { matchPageShortcut, PAGE_SHORTCUTS } from './page-shortcuts'

const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods })

describe('page shortcuts', () => {
  it('N / Shift+N and Alt+arrows move between images; Ctrl+S saves', () => {
    expect(matchPageShortcut(key('n'))).toBe('image.next')
    expect(matchPageShortcut(key('N', { shiftKey: true }))).toBe('image.previous')
    expect(matchPageShortcut(key('ArrowRight', { altKey: true }))).toBe('image.next')
    expect(matchPageShortcut(key('ArrowLeft', { altKey: true }))).toBe('image.previous')
    expect(matchPageShortcut(key('s', { ctrlKey: true }))).toBe('save.now')
    expect(matchPageShortcut(key('ArrowUp'))).toBeNull()
  })

  it('never takes a key the editor uses', () => {
    for (const s of PAGE_SHORTCUTS) {
      for (const combo of s.keys) {
        const parts = combo.split('+')
        const k = parts[parts.length - 1]
        const e = key(k.length === 1 && parts.includes('Shift') ? k.toUpperCase() : k.length === 1 ? k.toLowerCase() : k, {
          ctrlKey: parts.includes('Ctrl'), shiftKey: parts.includes('Shift'), altKey: parts.includes('Alt'),
        })
        expect(matchShortcut(e), combo).toBeNull()
        expect(matchPageShortcut(e), combo).toBe(s.action)
      }
    }
    expect(SHORTCUTS.some((s) => s.keys.includes('N'))).toBe(false)
  })
})
