import { spawn } from 'node:child_process'

/**
 * Runs a command and parses the last stdout line as JSON. Each benchmark
 * configuration runs in its own process so its peak RSS is its own.
 */
export function runJsonChild<T>(cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL')
          reject(new Error(`${cmd} ${args.join(' ')}: timed out after ${opts.timeoutMs} ms`))
        }, opts.timeoutMs)
      : null
    child.on('error', reject)
    child.on('close', (code) => {
      if (timer) clearTimeout(timer)
      const last = out.trim().split('\n').pop() ?? ''
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`))
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`${cmd}: last output line is not JSON: ${last.slice(0, 200)}`))
      }
    })
  })
}
