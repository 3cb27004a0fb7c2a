// Adding a mask label class (a project starts with none): name and colour; "lesion" by default.
import { useState } from 'react'

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe']

export function ClassSetup({ existing, onAdd, onCancel }: { existing: number; onAdd: (name: string, color: string) => Promise<void>; onCancel?: () => void }) {
  const [name, setName] = useState(existing === 0 ? 'lesion' : '')
  const [color, setColor] = useState(PALETTE[existing % PALETTE.length])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return (
    <form
      className="class-setup"
      data-testid="class-setup"
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        try {
          await onAdd(name.trim(), color)
          setError(null)
        } catch (err) {
          setError((err as Error).message)
        } finally {
          setBusy(false)
        }
      }}
    >
      {existing === 0 && <span>This project has no mask classes yet. Add one to start painting:</span>}
      <input data-testid="new-class-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="class name" aria-label="Class name" />
      <input data-testid="new-class-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} aria-label="Class colour" />
      <button type="submit" data-testid="add-class" disabled={busy || !name.trim()}>Add class</button>
      {onCancel && <button type="button" className="link" onClick={onCancel}>Cancel</button>}
      {error && <span className="error">{error}</span>}
    </form>
  )
}
