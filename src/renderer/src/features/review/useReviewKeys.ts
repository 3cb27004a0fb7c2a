// Review keyboard: J/↓ next, K/↑ previous, and page-specific keys (A/R/F, 1–9, PageUp/PageDown).
// Keys typed into a text field or select are left alone; a focused slider keeps its own arrows.
import { useEffect, useRef } from 'react'

export type KeyHandlers = Record<string, () => void>

export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false
  if (t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true
  return t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox'
}

/** `handlers` keys are KeyboardEvent.key values, lower-cased for letters. */
export function useReviewKeys(handlers: KeyHandlers) {
  const latest = useRef(handlers)
  latest.current = handlers
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return
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
