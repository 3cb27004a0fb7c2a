import { describe, expect, it } from 'vitest'
import { actionForKey, classLetters, keyHelp, nextUnlabelledIndex } from './triage-keys'

const classes = ['NORMAL', 'PNEUMONIA']

describe('triage keys', () => {
  it('assigns by number and by first letter', () => {
    expect(actionForKey({ key: '1' }, classes)).toEqual({ type: 'assign', classIndex: 0 })
    expect(actionForKey({ key: '2' }, classes)).toEqual({ type: 'assign', classIndex: 1 })
    expect(actionForKey({ key: '3' }, classes)).toBeNull()
    expect(actionForKey({ key: 'n' }, classes)).toEqual({ type: 'assign', classIndex: 0 })
    expect(actionForKey({ key: 'P' }, classes)).toEqual({ type: 'assign', classIndex: 1 })
  })
  it('moves, flags, jumps and undoes', () => {
    expect(actionForKey({ key: 'ArrowRight' }, classes)).toEqual({ type: 'next' })
    expect(actionForKey({ key: 'j' }, classes)).toEqual({ type: 'next' })
    expect(actionForKey({ key: 'K' }, classes)).toEqual({ type: 'prev' })
    expect(actionForKey({ key: 'ArrowUp' }, classes)).toEqual({ type: 'prev' })
    expect(actionForKey({ key: 'f' }, classes)).toEqual({ type: 'flag' })
    expect(actionForKey({ key: 'u' }, classes)).toEqual({ type: 'nextUnlabelled' })
    expect(actionForKey({ key: 'z', ctrlKey: true }, classes)).toEqual({ type: 'undo' })
    expect(actionForKey({ key: 'Z', metaKey: true }, classes)).toEqual({ type: 'undo' })
    expect(actionForKey({ key: 'n', ctrlKey: true }, classes)).toBeNull()
    expect(actionForKey({ key: '?' }, classes)).toEqual({ type: 'help' })
  })
  it('ignores auto-repeat for keys that write, not for moving', () => {
    expect(actionForKey({ key: '1', repeat: true }, classes)).toBeNull()
    expect(actionForKey({ key: 'f', repeat: true }, classes)).toBeNull()
    expect(actionForKey({ key: 'z', ctrlKey: true, repeat: true }, classes)).toBeNull()
    expect(actionForKey({ key: 'j', repeat: true }, classes)).toEqual({ type: 'next' })
  })
  it('gives reserved or clashing initials no letter', () => {
    const m = classLetters(['Fracture', 'Effusion', 'Edema', 'Mass'])
    expect(m.has('f')).toBe(false)
    expect(m.has('e')).toBe(false)
    expect(m.get('m')).toBe(3)
    expect(actionForKey({ key: 'f' }, ['Fracture'])).toEqual({ type: 'flag' })
  })
  it('finds the next unlabelled image, wrapping', () => {
    const items = [{ classId: null }, { classId: 1 }, { classId: 2 }, { classId: null }]
    expect(nextUnlabelledIndex(items, 0)).toBe(3)
    expect(nextUnlabelledIndex(items, 3)).toBe(0)
    expect(nextUnlabelledIndex([{ classId: 1 }], 0)).toBe(-1)
  })
  it('lists every key in the help', () => {
    const rows = keyHelp(classes)
    expect(rows[0][0]).toBe('1 or N')
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['F', 'U', 'Ctrl+Z']))
  })
})

describe('class probabilities', async () => {
  const { classProbabilities } = await import('./class-probabilities')
  it('expands a single sigmoid output for two classes and keeps softmax outputs', () => {
    expect(classProbabilities([0.8], 2)).toEqual([expect.closeTo(0.2), 0.8])
    expect(classProbabilities([0.1, 0.9], 2)).toEqual([0.1, 0.9])
  })
})
