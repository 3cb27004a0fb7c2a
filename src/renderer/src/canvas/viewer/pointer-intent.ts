// Which gesture a pointer press starts. Decided once at pointerdown and kept until pointerup.
//
//   middle button, or Space + left ..................... pan
//   left with tool 'pan' ............................... pan
//   left with tool 'windowLevel' ....................... window/level
//   right + Ctrl or Alt ................................ window/level (always)
//   right with brush or eraser ......................... erase with the brush footprint
//   right with any other tool .......................... window/level
//   left + Shift with brush / polygon / fill ........... erase (clear) with that tool
//   left ............................................... the active tool
//   read-only mask: presses that would edit pan instead.

export type EditorToolName = 'brush' | 'eraser' | 'polygon' | 'fill' | 'windowLevel' | 'pan'

export type PointerIntent = { kind: 'pan' } | { kind: 'windowLevel' } | { kind: 'tool'; erase: boolean } | { kind: 'none' }

export interface PressInfo {
  /** DOM MouseEvent.button: 0 left, 1 middle, 2 right. */
  button: number
  shift: boolean
  ctrl: boolean
  alt: boolean
  spaceHeld: boolean
}

export function pointerIntent(press: PressInfo, tool: EditorToolName, readOnly: boolean): PointerIntent {
  const { button } = press
  if (button === 1 || (button === 0 && press.spaceHeld)) return { kind: 'pan' }
  if (button === 2) {
    if (press.ctrl || press.alt) return { kind: 'windowLevel' }
    if ((tool === 'brush' || tool === 'eraser') && !readOnly) return { kind: 'tool', erase: true }
    return { kind: 'windowLevel' }
  }
  if (button !== 0) return { kind: 'none' }
  if (tool === 'pan') return { kind: 'pan' }
  if (tool === 'windowLevel') return { kind: 'windowLevel' }
  if (readOnly) return { kind: 'pan' }
  return { kind: 'tool', erase: tool === 'eraser' || press.shift }
}
