// Runs the tfjs backend probe in a short-lived child process: loading tfjs-node-gpu can abort
// the whole process when CUDA libraries are missing, and main must survive that.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BackendProbe } from '../../shared/views'
import { spawnTrainer } from './trainer-process'
import { tsxExecArgv } from './tsx-loader'

export function probeBackendsInChild(bench: boolean, timeoutMs = 120_000, benchSeconds = 3): Promise<BackendProbe[]> {
  // In the packaged app there is no tsx: the trainer (a utilityProcess) reports the same probe when it starts.
  if (process.versions.electron) return probeViaTrainer(timeoutMs)
  const entry = fileURLToPath(new URL('../../ml/probe-entry.ts', import.meta.url))
  return new Promise((resolve) => {
    const child = fork(entry, bench ? ['--bench', `--seconds=${benchSeconds}`] : [], { execArgv: tsxExecArgv(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' })
    let stderr = ''
    child.stderr?.on('data', (d) => { stderr += String(d) })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('message', (m) => {
      clearTimeout(timer)
      resolve(m as BackendProbe[])
      child.kill()
    })
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve([{ name: 'probe', ok: false, reason: `backend probe exited (${signal ?? code}): ${stderr.trim().split('\n').pop() ?? ''}` }])
    })
  })
}

function probeViaTrainer(timeoutMs: number): Promise<BackendProbe[]> {
  return new Promise((resolve) => {
    const t = spawnTrainer()
    const timer = setTimeout(() => t.kill(), timeoutMs)
    t.onMessage((m) => {
      if (m.type !== 'ready') return
      clearTimeout(timer)
      resolve(m.backendReport.map((r) => ({ name: r.name, ok: r.ok, reason: r.reason })))
      t.kill()
    })
    t.onExit((_c, _s, reason) => {
      clearTimeout(timer)
      resolve([{ name: 'probe', ok: false, reason }])
    })
  })
}
