import { EventBus } from './ipc/event-bus'
import { ProjectRegistry } from './services/project-registry'
import { JobManager } from './jobs/job-manager'

/** Everything the handlers need, created once per main process (Electron or `radlab serve`). */
export interface AppContext {
  transport: 'electron' | 'serve'
  projects: ProjectRegistry
  events: EventBus
  jobs: JobManager
}

export function createAppContext(transport: AppContext['transport']): AppContext {
  const events = new EventBus()
  const projects = new ProjectRegistry()
  const jobs = new JobManager(projects, events)
  projects.onOpen((p) => jobs.recoverInterrupted(p))
  return { transport, projects, events, jobs }
}
