// Adding image classes (a project imported without class folders has none yet).
import { useRef, useState } from 'react'
import type { LabelClass } from '../../../../shared/domain'
import { api } from '../../api'
import { messageOf } from '../../components/ErrorBanner'

export function ClassSetup({ projectId, hasClasses, onAdded }: { projectId: string; hasClasses: boolean; onAdded: (c: LabelClass) => void }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const add = async (n: string) => {
    setError(null)
    try {
      onAdded(await api.classes.add({ projectId, name: n.trim(), kind: 'image' }))
      setName('')
      // Hand the keyboard back to triage: the next key press labels, it does not type.
      input.current?.blur()
    } catch (e) {
      setError(messageOf(e))
    }
  }
  return (
    <div className="class-setup" data-testid="class-setup">
      {!hasClasses && <p>This project has no image classes yet. Add the labels you triage with.</p>}
      <form className="row" onSubmit={(e) => { e.preventDefault(); if (name.trim()) void add(name) }}>
        <input ref={input} data-testid="new-class-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="class name, e.g. NORMAL" />
        <button type="submit" data-testid="add-class" disabled={!name.trim()}>Add class</button>
      </form>
      {!hasClasses && (
        <button data-testid="add-default-classes" onClick={async () => { await add('NORMAL'); await add('PNEUMONIA') }}>Add NORMAL and PNEUMONIA</button>
      )}
      {error && <p className="error">{error}</p>}
    </div>
  )
}
