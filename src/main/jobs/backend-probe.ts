// Runs the tfjs backend probe in a short-lived child process: loading tfjs-node-gpu can abort
// the whole process when CUDA libraries are missing, and main must survive that.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BackendProbe } from '../../shared/views'

export function probeBackendsInChild(bench: boolean, timeoutMs = 120_000): Promise<BackendProbe[]> {
  const entry = fileURLToPath(new URL('../../ml/probe-entry.ts', import.meta.url))
  return new Promise((resolve) => {
    const child = fork(entry, bench ? ['--bench'] : [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' })
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
