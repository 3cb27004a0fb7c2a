import { useEffect, useState } from 'react'
import { api } from '../api'
import { useRoute } from './useRoute'
import { navigate, type Route } from './route'
import { useUserName } from '../state/user'
import { UserNamePrompt } from './UserNamePrompt'
import { StartScreen } from '../features/projects/StartScreen'
import { DatasetPage } from '../features/dataset/DatasetPage'
import { AnnotatePage } from '../features/annotate/AnnotatePage'
import { TriagePage } from '../features/triage/TriagePage'
import { TrainingPage } from '../features/training/TrainingPage'
import { ReviewPage } from '../features/review/ReviewPage'
import type { ProjectInfo } from '../../../shared/domain'
import { ExportDialog } from '../features/export/ExportDialog'

export function App() {
  const route = useRoute()
  const [userName, loaded] = useUserName()
  const [project, setProject] = useState<ProjectInfo | null>(null)
  const [exporting, setExporting] = useState(false)

  useEffect(() => {
    if (route.name === 'start') return
    // A reload keeps the project id in the URL; main still has it open (or the start screen says so).
    api.projects.recent({}).then(async (recent) => {
      for (const r of recent) {
        try {
          const p = await api.projects.open({ dir: r.dir })
          if (p.id === route.projectId) return setProject(p)
        } catch { /* a moved or deleted project is skipped */ }
      }
      navigate({ name: 'start' })
    }).catch(() => navigate({ name: 'start' }))
  }, [route.name === 'start' ? null : route.projectId])

  if (!loaded) return null
  if (!userName) return <UserNamePrompt />
  if (route.name === 'start') return <StartScreen onOpened={(p) => { setProject(p); navigate({ name: 'dataset', projectId: p.id }) }} />
  if (!project || project.id !== route.projectId) return <div className="loading">Opening project…</div>
  return (
    <div className="shell">
      <nav className="topbar">
        <span className="brand" title={project.dir}>RadLab · {project.name}</span>
        <NavLink route={route} to={{ name: 'dataset', projectId: project.id }} label="Dataset" />
        <NavLink route={route} to={{ name: 'triage', projectId: project.id }} label="Triage" />
        <NavLink route={route} to={{ name: 'training', projectId: project.id }} label="Training" />
        <NavLink route={route} to={{ name: 'review', projectId: project.id }} label="Review" />
        <span className="spacer" />
        <button data-testid="open-export" onClick={() => setExporting(true)}>Export…</button>
        <span className="user" data-testid="user-name">{userName}</span>
        <button onClick={() => navigate({ name: 'start' })}>Projects</button>
      </nav>
      <main className="page">
        {route.name === 'dataset' && <DatasetPage project={project} />}
        {route.name === 'annotate' && <AnnotatePage project={project} imageId={route.imageId} />}
        {route.name === 'triage' && <TriagePage project={project} />}
        {route.name === 'training' && <TrainingPage project={project} />}
        {route.name === 'review' && <ReviewPage project={project} runId={route.runId} />}
      </main>
      {exporting && <ExportDialog project={project} onClose={() => setExporting(false)} />}
    </div>
  )
}

function NavLink({ route, to, label }: { route: Route; to: Route; label: string }) {
  const active = route.name === to.name || (to.name === 'dataset' && route.name === 'annotate')
  return (
    <button className={active ? 'nav active' : 'nav'} data-testid={`nav-${to.name}`} onClick={() => navigate(to)}>
      {label}
    </button>
  )
}
