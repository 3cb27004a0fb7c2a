import { RadlabError } from '../../shared/errors'
import { createProject, openProject, type Project } from './project'
import { rememberProject } from './app-settings'

/** The projects main has open, addressed by id (the renderer never sends paths for them). */
export class ProjectRegistry {
  private readonly byId = new Map<string, Project>()
  private readonly listeners: ((p: Project) => void)[] = []

  onOpen(listener: (p: Project) => void) {
    this.listeners.push(listener)
  }

  create(dir: string, name?: string): Project {
    return this.add(createProject(dir, name))
  }

  open(dir: string): Project {
    for (const p of this.byId.values()) if (p.dir === dir) return p
    return this.add(openProject(dir))
  }

  get(id: string): Project {
    const p = this.byId.get(id)
    if (!p) throw new RadlabError('project_not_open', `project ${id} is not open`)
    return p
  }

  all(): Project[] {
    return [...this.byId.values()]
  }

  closeAll(): void {
    for (const p of this.byId.values()) p.close()
    this.byId.clear()
  }

  private add(p: Project): Project {
    const existing = this.byId.get(p.id)
    if (existing) {
      p.close()
      return existing
    }
    this.byId.set(p.id, p)
    rememberProject(p.dir, p.name)
    for (const l of this.listeners) l(p)
    return p
  }
}
