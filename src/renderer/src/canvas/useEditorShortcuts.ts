// Keyboard shortcuts of the mask editor page, matched against the map in shortcuts.ts.
// The page passes one handler per action it supports; keys typed into inputs are left alone.

import { useEffect, useRef } from 'react'
import { matchShortcut, type ShortcutAction } from './shortcuts'

export type ShortcutHandlers = Partial<Record<ShortcutAction, (index?: number) => void>>

export interface EditorShortcutOptions {
  enabled?: boolean
}

function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const el = target as HTMLElement
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function useEditorShortcuts(handlers: ShortcutHandlers, options: EditorShortcutOptions = {}): void {
  // Latest handlers without re-subscribing on every render.
  const latest = useRef(handlers)
  latest.current = handlers
  const enabled = options.enabled ?? true

  useEffect(() => {
    if (!enabled) return
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return
      const match = matchShortcut(e)
      if (!match) return
      const handler = latest.current[match.action]
      if (!handler) return
      e.preventDefault()
      handler(match.index)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}

/** Minimal slice of the editor handle these default actions need. */
export interface ShortcutEditorHandle {
  undo(): unknown
  redo(): unknown
  cancel(): void
  closePolygon(): void
  fit(): void
  oneToOne(): void
  zoomBy(factor: number): void
  autoWindow(): unknown
}

/**
 * Handlers for the actions the editor itself performs (undo, redo, cancel, close polygon, view,
 * auto window). The page spreads them into its own: `{ ...editorActions(() => ref.current), 'tool.brush': … }`.
 */
export function editorActions(handle: () => ShortcutEditorHandle | null): ShortcutHandlers {
  return {
    undo: () => handle()?.undo(),
    redo: () => handle()?.redo(),
    cancel: () => handle()?.cancel(),
    'polygon.close': () => handle()?.closePolygon(),
    'view.fit': () => handle()?.fit(),
    'view.oneToOne': () => handle()?.oneToOne(),
    'view.zoomIn': () => handle()?.zoomBy(1.25),
    'view.zoomOut': () => handle()?.zoomBy(0.8),
    'window.auto': () => handle()?.autoWindow(),
  }
}
