// The mask editor's key and mouse map: the single list the help overlay (`?`) renders and
// useEditorShortcuts matches against. Ctrl also means ⌘ on macOS.

export type ShortcutAction =
  | 'tool.brush'
  | 'tool.eraser'
  | 'tool.polygon'
  | 'tool.fill'
  | 'tool.windowLevel'
  | 'brush.smaller'
  | 'brush.larger'
  | 'class.select'
  | 'undo'
  | 'redo'
  | 'cancel'
  | 'polygon.close'
  | 'mask.toggleVisible'
  | 'mask.toggleOutline'
  | 'opacity.down'
  | 'opacity.up'
  | 'view.fit'
  | 'view.oneToOne'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'window.auto'
  | 'slice.next'
  | 'slice.previous'
  | 'help'
  // Mouse gestures and held keys the editor handles itself; listed for the help overlay only.
  | 'mouse.zoom'
  | 'mouse.pan'
  | 'mouse.windowLevel'
  | 'mouse.erase'

export interface Shortcut {
  /** Human-readable alternatives, e.g. ['Ctrl+Shift+Z', 'Ctrl+Y']. */
  keys: string[]
  action: ShortcutAction
  description: string
  /** 'mouse' entries are documentation only: the editor handles them internally. */
  kind?: 'key' | 'mouse'
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['B'], action: 'tool.brush', description: 'Brush' },
  { keys: ['E'], action: 'tool.eraser', description: 'Eraser' },
  { keys: ['P'], action: 'tool.polygon', description: 'Polygon / lasso fill' },
  { keys: ['F'], action: 'tool.fill', description: 'Flood fill (similar intensity)' },
  { keys: ['W'], action: 'tool.windowLevel', description: 'Window/level tool (left-drag adjusts)' },
  { keys: ['['], action: 'brush.smaller', description: 'Smaller brush' },
  { keys: [']'], action: 'brush.larger', description: 'Larger brush' },
  { keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], action: 'class.select', description: 'Pick label class 1–9' },
  { keys: ['Ctrl+Z'], action: 'undo', description: 'Undo' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: 'redo', description: 'Redo' },
  { keys: ['Escape'], action: 'cancel', description: 'Cancel the stroke or outline in progress' },
  { keys: ['Enter'], action: 'polygon.close', description: 'Close and fill the polygon (or double-click)' },
  { keys: ['H'], action: 'mask.toggleVisible', description: 'Hide / show the mask' },
  { keys: ['O'], action: 'mask.toggleOutline', description: 'Fill / outline display' },
  { keys: [','], action: 'opacity.down', description: 'Less mask opacity' },
  { keys: ['.'], action: 'opacity.up', description: 'More mask opacity' },
  { keys: ['0'], action: 'view.fit', description: 'Fit image to window' },
  { keys: ['='], action: 'view.oneToOne', description: 'Zoom 1:1 (one image pixel per screen pixel)' },
  { keys: ['+'], action: 'view.zoomIn', description: 'Zoom in' },
  { keys: ['-'], action: 'view.zoomOut', description: 'Zoom out' },
  { keys: ['A'], action: 'window.auto', description: 'Automatic window (0.5–99.5 percentile)' },
  { keys: ['ArrowUp', 'PageUp'], action: 'slice.next', description: 'Next slice (volumes)' },
  { keys: ['ArrowDown', 'PageDown'], action: 'slice.previous', description: 'Previous slice (volumes)' },
  { keys: ['?'], action: 'help', description: 'Show this help' },
  { keys: ['Wheel'], action: 'mouse.zoom', description: 'Zoom around the cursor', kind: 'mouse' },
  { keys: ['Space+drag', 'Middle drag'], action: 'mouse.pan', description: 'Pan', kind: 'mouse' },
  {
    keys: ['Right drag', 'Ctrl/Alt+right drag'],
    action: 'mouse.windowLevel',
    description: 'Window/level (horizontal: width, vertical: level). With brush or eraser, plain right drag erases, so use Ctrl/Alt+right drag or W',
    kind: 'mouse',
  },
  { keys: ['Right drag (brush)', 'Shift+drag'], action: 'mouse.erase', description: 'Erase with the current tool', kind: 'mouse' },
]

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

export interface ShortcutMatch {
  action: ShortcutAction
  /** For class.select: the class's position 1..9. */
  index?: number
}

interface KeySpec {
  key: string
  ctrl: boolean
  shift: boolean
  alt: boolean
  action: ShortcutAction
  index?: number
}

function parseKeys(): KeySpec[] {
  const out: KeySpec[] = []
  for (const s of SHORTCUTS) {
    if (s.kind === 'mouse') continue
    for (const combo of s.keys) {
      const parts = combo.split('+')
      // '+' itself is a key: "+".split('+') gives ['', ''].
      const key = combo === '+' ? '+' : parts[parts.length - 1]
      const mods = combo === '+' ? [] : parts.slice(0, -1)
      out.push({
        key: key.length === 1 ? key.toLowerCase() : key,
        ctrl: mods.includes('Ctrl'),
        shift: mods.includes('Shift'),
        alt: mods.includes('Alt'),
        action: s.action,
        index: s.action === 'class.select' ? Number(key) : undefined,
      })
    }
  }
  return out
}

const SPECS = parseKeys()

/**
 * Match a keydown against the map. Ctrl/⌘ and Alt must match exactly. Shift must match for
 * letters and named keys (Ctrl+Z vs Ctrl+Shift+Z) but is ignored for punctuation, whose key
 * value already depends on it ('?', '+').
 */
export function matchShortcut(e: KeyLike): ShortcutMatch | null {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  const ctrl = e.ctrlKey || e.metaKey
  for (const s of SPECS) {
    if (s.key !== key || s.ctrl !== ctrl || s.alt !== e.altKey) continue
    const shiftMatters = /^[a-z0-9]$/.test(s.key) || s.key.length > 1
    if (shiftMatters && s.shift !== e.shiftKey) continue
    return s.index === undefined ? { action: s.action } : { action: s.action, index: s.index }
  }
  return null
}
