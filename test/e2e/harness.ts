// Playwright fixture: a real `radlab serve` (real handlers, real SQLite) on a temp project,
// and Debian's Chromium pointed at it with the token. Settings are isolated per test.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import Database from 'better-sqlite3'
import { test as base, expect, type Page } from '@playwright/test'
import { chromiumPath } from './chromium'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))

/** Runs the real `radlab` CLI (used to prepare projects before a UI test). */
export function radlab(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'radlab.mjs'), ...args], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

export interface ServeHandle {
  url: string
  token: string
  origin: string
  proc: ChildProcess
  stop(): Promise<void>
}

/** Starts `radlab serve [project]` and resolves with the printed URL. */
export async function startServe(opts: { project?: string; home: string; env?: Record<string, string> }): Promise<ServeHandle> {
  const args = [join(REPO, 'bin', 'radlab.mjs'), 'serve', ...(opts.project ? [opts.project] : [])]
  const proc = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, RADLAB_HOME: opts.home, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`radlab serve did not start in time:\n${out}\n${err}`)), 120_000)
    proc.stdout!.on('data', (d) => {
      out += String(d)
      const m = /running at (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    proc.stderr!.on('data', (d) => { err += String(d) })
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`radlab serve exited (${code}):\n${out}\n${err}`)) })
  })
  const u = new URL(url)
  return {
    url,
    token: u.searchParams.get('token')!,
    origin: u.origin,
    proc,
    stop: () => new Promise<void>((r) => {
      if (proc.exitCode !== null) return r()
      proc.once('exit', () => r())
      proc.kill('SIGTERM')
      setTimeout(() => proc.kill('SIGKILL'), 5000)
    }),
  }
}

export interface RadlabFixtures {
  home: string
  workDir: string
  projectDir: string
  serve: ServeHandle
  /** Opens the app as a user named "Dr Test" and lands on the start screen. */
  app: Page
  db: () => Database.Database
}

export const test = base.extend<RadlabFixtures>({
  home: async ({}, use) => {
    const d = mkdtempSync(join(tmpdir(), 'radlab-home-'))
    await use(d)
    rmSync(d, { recursive: true, force: true })
  },
  workDir: async ({}, use) => {
    const d = mkdtempSync(join(tmpdir(), 'radlab-e2e-'))
    await use(d)
    rmSync(d, { recursive: true, force: true })
  },
  projectDir: async ({ workDir }, use) => {
    await use(join(workDir, 'project'))
  },
  serve: async ({ home }, use) => {
    const s = await startServe({ home })
    await use(s)
    await s.stop()
  },
  app: async ({ page, serve }, use) => {
    await page.goto(serve.url)
    await page.getByTestId('user-name-input').fill('Dr Test')
    await page.getByTestId('user-name-save').click()
    await use(page)
  },
  db: async ({ projectDir }, use) => {
    const opened: Database.Database[] = []
    await use(() => {
      const d = new Database(join(projectDir, 'radlab.sqlite'), { readonly: true, fileMustExist: true })
      opened.push(d)
      return d
    })
    for (const d of opened) d.close()
  },
})

test.beforeAll(() => {
  test.skip(!chromiumPath(), 'Debian chromium is not installed (apt-get install -y chromium); .ci/run installs it')
})

export { expect }
