// Review keyboard: J/↓ next, K/↑ previous, and page-specific keys (A/R/F, 1–9, PageUp/PageDown).
// Keys typed into a text field or select are left alone; a focused slider keeps its own arrows.
import { useEffect, useRef } from 'react'

export type KeyHandlers = Record<string, () => void>

const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'password', 'url', 'tel', 'date', 'time', 'datetime-local', 'month', 'week'])

/** True when the key belongs to the focused control: text entry, a select, or a slider's own arrows. */
export function isTypingTarget(t: EventTarget | null, key = ''): boolean {
  if (typeof HTMLElement === 'undefined' || !(t instanceof HTMLElement)) return false
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true
  if (t.tagName !== 'INPUT') return false
  const type = (t as HTMLInputElement).type
  if (type === 'range') return key.startsWith('Arrow') || key === 'PageUp' || key === 'PageDown' || key === 'Home' || key === 'End'
  return TEXT_INPUTS.has(type)
}

/** `handlers` keys are KeyboardEvent.key values, lower-cased for letters. */
export function useReviewKeys(handlers: KeyHandlers) {
  const latest = useRef(handlers)
  latest.current = handlers
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target, e.key)) return
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
      const h = latest.current[key]
      if (!h) return
      e.preventDefault()
      h()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
