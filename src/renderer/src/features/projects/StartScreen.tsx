// The start screen: create a project, open one by its folder, or reopen a recent one.
import { useState } from 'react'
import type { ProjectInfo } from '../../../../shared/domain'
import { ErrorBanner } from '../../components/ErrorBanner'
import { CreateProjectForm } from './CreateProjectForm'
import { OpenProjectForm } from './OpenProjectForm'
import { RecentProjects } from './RecentProjects'
import './projects.css'

export function StartScreen({ onOpened }: { onOpened: (p: ProjectInfo) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  /** Runs one project action; its error (the API's own message) replaces the previous one. */
  const run = async (action: () => Promise<ProjectInfo>) => {
    setBusy(true)
    setError(null)
    try {
      onOpened(await action())
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="start-screen" data-testid="start-screen">
      <header>
        <h1>RadLab</h1>
        <p className="muted">Annotate, train and review medical images, offline.</p>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(null)} testId="start-error" />
      <div className="start-columns">
        <div className="start-forms">
          <CreateProjectForm busy={busy} run={run} />
          <OpenProjectForm busy={busy} run={run} />
        </div>
        <RecentProjects busy={busy} run={run} />
      </div>
    </div>
  )
}
