// Triage keyboard map: a key press (plus the project's image classes) → one action.
// Reserved letters win over class initials, so a class called "Fracture" is reached by its number.

export type TriageAction =
  | { type: 'assign'; classIndex: number }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'flag' }
  | { type: 'nextUnlabelled' }
  | { type: 'undo' }
  | { type: 'help' }
  | { type: 'closeHelp' }

export interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  /** Auto-repeat of a held key. */
  repeat?: boolean
}

/** Actions that write a label: a held key must not label a run of images by accident. */
const WRITES = new Set<TriageAction['type']>(['assign', 'flag', 'undo'])

export const RESERVED_LETTERS = new Set(['j', 'k', 'f', 'u'])

/** Class index per letter: each class's first letter, if it is unique among the classes and not reserved. */
export function classLetters(classNames: string[]): Map<string, number> {
  const seen = new Map<string, number>()
  const clash = new Set<string>()
  classNames.forEach((name, i) => {
    const l = name.trim().charAt(0).toLowerCase()
    if (!/^[a-z]$/.test(l) || RESERVED_LETTERS.has(l)) return
    if (seen.has(l)) clash.add(l)
    else seen.set(l, i)
  })
  for (const l of clash) seen.delete(l)
  return seen
}

export function actionForKey(e: KeyLike, classNames: string[]): TriageAction | null {
  const action = keyAction(e, classNames)
  return action && e.repeat && WRITES.has(action.type) ? null : action
}

function keyAction(e: KeyLike, classNames: string[]): TriageAction | null {
  const key = e.key
  if ((e.ctrlKey || e.metaKey) && !e.altKey) return key.toLowerCase() === 'z' ? { type: 'undo' } : null
  if (e.altKey) return null
  if (key === '?') return { type: 'help' }
  if (key === 'Escape') return { type: 'closeHelp' }
  if (/^[1-9]$/.test(key)) {
    const i = Number(key) - 1
    return i < classNames.length ? { type: 'assign', classIndex: i } : null
  }
  if (key === 'ArrowRight' || key === 'ArrowDown') return { type: 'next' }
  if (key === 'ArrowLeft' || key === 'ArrowUp') return { type: 'prev' }
  const l = key.length === 1 ? key.toLowerCase() : ''
  if (l === 'j') return { type: 'next' }
  if (l === 'k') return { type: 'prev' }
  if (l === 'f') return { type: 'flag' }
  if (l === 'u') return { type: 'nextUnlabelled' }
  const byLetter = l ? classLetters(classNames).get(l) : undefined
  return byLetter !== undefined ? { type: 'assign', classIndex: byLetter } : null
}

/** Index of the next item with no label after `from`, wrapping around; -1 if there is none. */
export function nextUnlabelledIndex(items: { classId: number | null }[], from: number): number {
  for (let k = 1; k <= items.length; k++) {
    const i = (from + k) % items.length
    if (items[i].classId === null) return i
  }
  return -1
}

/** The help overlay's rows, built from the same map. */
export function keyHelp(classNames: string[]): [string, string][] {
  const letters = classLetters(classNames)
  const rows: [string, string][] = classNames.slice(0, 9).map((n, i) => {
    const letter = [...letters].find(([, idx]) => idx === i)?.[0]
    return [`${i + 1}${letter ? ` or ${letter.toUpperCase()}` : ''}`, `label “${n}” and go to the next image`]
  })
  rows.push(
    ['→ ↓ J', 'next image'],
    ['← ↑ K', 'previous image'],
    ['F', 'toggle the “unsure” flag'],
    ['U', 'next unlabelled image'],
    ['Ctrl+Z', 'undo the last label or flag'],
    ['right-drag', 'window/level (horizontal: width, vertical: level)'],
    ['?', 'this help (Esc closes it)'],
  )
  return rows
}
