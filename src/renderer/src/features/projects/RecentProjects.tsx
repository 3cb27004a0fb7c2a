import { useEffect, useState } from 'react'
import type { ProjectInfo } from '../../../../shared/domain'
import { api } from '../../api'

type Recent = Awaited<ReturnType<typeof api.projects.recent>>

/** Recently opened projects, newest first; one click opens. */
export function RecentProjects({ busy, run }: { busy: boolean; run: (a: () => Promise<ProjectInfo>) => void }) {
  const [recent, setRecent] = useState<Recent | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.projects.recent({}).then(setRecent, (e: Error) => setError(e.message))
  }, [])
  return (
    <section className="card recent-projects" data-testid="recent-projects">
      <h2>Recent projects</h2>
      {error && <p className="error">{error}</p>}
      {recent === null && !error && <p className="muted">Loading…</p>}
      {recent?.length === 0 && <p className="muted">No projects yet: create one, or open a project folder.</p>}
      <ul>
        {recent?.map((r) => (
          <li key={r.dir}>
            <button className="recent-item" data-testid="recent-project" disabled={busy} title={r.dir}
              onClick={() => run(() => api.projects.open({ dir: r.dir }))}>
              <span className="recent-name">{r.name}</span>
              <span className="recent-dir muted">{r.dir}</span>
              <span className="recent-date muted">{new Date(r.openedAt).toLocaleString()}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
