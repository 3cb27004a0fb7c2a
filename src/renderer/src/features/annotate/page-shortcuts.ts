// The annotation page's own keys, beside the canvas library's SHORTCUTS (tools, undo, slices…).
// None collides with those: N and Alt+←/→ move between images, ↑/↓/PageUp/PageDown stay slices.
import type { KeyLike } from '../../canvas/shortcuts'

export type PageAction = 'image.next' | 'image.previous' | 'save.now'

export interface PageShortcut {
  keys: string[]
  action: PageAction
  description: string
}

export const PAGE_SHORTCUTS: readonly PageShortcut[] = [
  { keys: ['N', 'Alt+ArrowRight'], action: 'image.next', description: 'Next image in the dataset (leaves a volume; slices are ↑/↓)' },
  { keys: ['Shift+N', 'Alt+ArrowLeft'], action: 'image.previous', description: 'Previous image in the dataset' },
  { keys: ['Ctrl+S'], action: 'save.now', description: 'Save now (changes are saved automatically)' },
]

export function matchPageShortcut(e: KeyLike): PageAction | null {
  const ctrl = e.ctrlKey || e.metaKey
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (!ctrl && !e.altKey && key === 'n') return e.shiftKey ? 'image.previous' : 'image.next'
  if (!ctrl && e.altKey && !e.shiftKey && key === 'ArrowRight') return 'image.next'
  if (!ctrl && e.altKey && !e.shiftKey && key === 'ArrowLeft') return 'image.previous'
  if (ctrl && !e.altKey && !e.shiftKey && key === 's') return 'save.now'
  return null
}
