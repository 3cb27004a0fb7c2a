import { useState } from 'react'
import type { ProjectInfo } from '../../../../shared/domain'
import { api } from '../../api'
import { PathField } from './PathField'

/** Opens an existing project folder (one holding radlab.sqlite). */
export function OpenProjectForm({ busy, run }: { busy: boolean; run: (a: () => Promise<ProjectInfo>) => void }) {
  const [dir, setDir] = useState('')
  return (
    <form className="card" onSubmit={(e) => {
      e.preventDefault()
      run(() => api.projects.open({ dir: dir.trim() }))
    }}>
      <h2>Open project</h2>
      <label>Folder<PathField value={dir} onChange={setDir} testId="open-dir" /></label>
      <button type="submit" data-testid="open-project" disabled={busy || !dir.trim()}>Open</button>
    </form>
  )
}
