import { useState } from 'react'
import { setUserName } from '../state/user'

/** Asked once: every mask version and label records who made it. */
export function UserNamePrompt() {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <div className="centered">
      <form
        className="card"
        onSubmit={async (e) => {
          e.preventDefault()
          try {
            await setUserName(name)
          } catch (err) {
            setError((err as Error).message)
          }
        }}
      >
        <h1>Welcome to RadLab</h1>
        <p>Your name is recorded on every mask and label you make.</p>
        <input data-testid="user-name-input" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Dr A. Rahman" />
        <button type="submit" data-testid="user-name-save" disabled={!name.trim()}>Continue</button>
        {error && <p className="error">{error}</p>}
      </form>
    </div>
  )
}
