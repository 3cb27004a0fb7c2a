// Per-user settings outside any project: the user's name and the recent-projects list.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface AppSettings {
  userName: string | null
  recent: { dir: string; name: string; openedAt: string }[]
}

export function settingsDir(): string {
  return process.env.RADLAB_HOME ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'radlab')
}

function settingsFile() {
  return join(settingsDir(), 'settings.json')
}

export function loadSettings(): AppSettings {
  try {
    const raw = JSON.parse(readFileSync(settingsFile(), 'utf8')) as Partial<AppSettings>
    return { userName: typeof raw.userName === 'string' ? raw.userName : null, recent: Array.isArray(raw.recent) ? raw.recent : [] }
  } catch {
    return { userName: null, recent: [] }
  }
}

export function saveSettings(s: AppSettings): void {
  mkdirSync(settingsDir(), { recursive: true })
  const tmp = settingsFile() + '.tmp'
  writeFileSync(tmp, JSON.stringify(s, null, 2))
  renameSync(tmp, settingsFile())
}

export function rememberProject(dir: string, name: string): void {
  const s = loadSettings()
  s.recent = [{ dir, name, openedAt: new Date().toISOString() }, ...s.recent.filter((r) => r.dir !== dir)].slice(0, 20)
  try {
    saveSettings(s)
  } catch {
    // A read-only home must not stop a project from opening; the list is a convenience.
  }
}
