import { useState } from 'react'
import type { ProjectInfo } from '../../../../shared/domain'
import { api } from '../../api'
import { PathField } from './PathField'

/** A new project in an empty (or new) folder; the name defaults to the folder's name. */
export function CreateProjectForm({ busy, run }: { busy: boolean; run: (a: () => Promise<ProjectInfo>) => void }) {
  const [dir, setDir] = useState('')
  const [name, setName] = useState('')
  return (
    <form className="card" onSubmit={(e) => {
      e.preventDefault()
      run(() => api.projects.create({ dir: dir.trim(), name: name.trim() || undefined }))
    }}>
      <h2>New project</h2>
      <label>Folder<PathField value={dir} onChange={setDir} testId="create-dir" placeholder="/data/projects/chest-xray" /></label>
      <label><span>Name <span className="muted">(optional)</span></span>
        <input data-testid="create-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Chest X-ray triage" />
      </label>
      <button type="submit" className="primary" data-testid="create-project" disabled={busy || !dir.trim()}>Create project</button>
    </form>
  )
}
