import { describe, expect, it } from 'vitest'
import { matchShortcut, SHORTCUTS } from './shortcuts'

const key = (k: string, mods: Partial<{ ctrl: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
  metaKey: !!mods.meta,
})

describe('shortcut map', () => {
  it('maps tools, brush size, undo/redo, classes and escape', () => {
    expect(matchShortcut(key('b'))).toEqual({ action: 'tool.brush' })
    expect(matchShortcut(key('E', { shift: true }))).toBeNull() // Shift+E is not the eraser
    expect(matchShortcut(key('E'))).toEqual({ action: 'tool.eraser' }) // Caps Lock
    expect(matchShortcut(key('e'))).toEqual({ action: 'tool.eraser' })
    expect(matchShortcut(key('['))).toEqual({ action: 'brush.smaller' })
    expect(matchShortcut(key(']'))).toEqual({ action: 'brush.larger' })
    expect(matchShortcut(key('z', { ctrl: true }))).toEqual({ action: 'undo' })
    expect(matchShortcut(key('z', { meta: true }))).toEqual({ action: 'undo' })
    expect(matchShortcut(key('Z', { ctrl: true, shift: true }))).toEqual({ action: 'redo' })
    expect(matchShortcut(key('y', { ctrl: true }))).toEqual({ action: 'redo' })
    expect(matchShortcut(key('Escape'))).toEqual({ action: 'cancel' })
    expect(matchShortcut(key('3'))).toEqual({ action: 'class.select', index: 3 })
    expect(matchShortcut(key('?', { shift: true }))).toEqual({ action: 'help' })
    expect(matchShortcut(key('+', { shift: true }))).toEqual({ action: 'view.zoomIn' })
    expect(matchShortcut(key('z'))).toBeNull()
  })
  it('every key combination is listed once', () => {
    const seen = new Set<string>()
    for (const s of SHORTCUTS) for (const k of s.keys) {
      expect(seen.has(k), k).toBe(false)
      seen.add(k)
    }
  })
})
