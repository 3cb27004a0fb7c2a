// A small pool of worker threads that prepare image files while main writes the DB: on two
// cores, decoding on one while SQLite works on the other roughly doubles import throughput.
// If a worker cannot start (an unusual packaging), files are prepared in-process instead.
import { existsSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { prepareImageFile, type PreparedFile } from './import-prepare'

export class PrepareError extends Error {
  readonly code: string | null
  constructor(message: string, code: string | null, name: string) {
    super(message)
    this.name = name
    this.code = code
  }
}

type Pending = { resolve: (p: PreparedFile) => void; reject: (e: Error) => void; worker: Worker }

function workerEntry(): { file: string; execArgv: string[] } | null {
  const here = dirname(fileURLToPath(import.meta.url))
  const built = join(here, 'import-worker.js')
  if (existsSync(built)) return { file: built, execArgv: [] }
  const source = join(here, 'import-worker-boot.mjs')
  if (existsSync(source)) return { file: source, execArgv: [] }
  return null
}

export class PreparePool {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private turn = 0

  constructor(size = Math.max(1, Math.min(3, cpus().length - 1))) {
    const entry = workerEntry()
    if (!entry) return
    for (let i = 0; i < size; i++) {
      try {
        const w = new Worker(entry.file, { execArgv: entry.execArgv })
        w.on('message', (m: { id: number; ok: boolean; value?: PreparedFile; error?: { message: string; code: string | null; name: string } }) => {
          const p = this.pending.get(m.id)
          if (!p) return
          this.pending.delete(m.id)
          if (m.ok) p.resolve(m.value!)
          else p.reject(new PrepareError(m.error!.message, m.error!.code, m.error!.name))
        })
        w.on('error', () => this.drop(w))
        w.on('exit', () => this.drop(w))
        this.workers.push(w)
      } catch {
        // Fall back to in-process preparation.
      }
    }
  }

  prepare(path: string, maskPath?: string): Promise<PreparedFile> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(prepareImageFile(path, maskPath))
      } catch (e) {
        return Promise.reject(e)
      }
    }
    const id = this.nextId++
    const w = this.workers[this.turn++ % this.workers.length]
    return new Promise<PreparedFile>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w })
      w.postMessage({ id, path, maskPath })
    })
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0)
    await Promise.all(ws.map((w) => w.terminate()))
  }

  private drop(w: Worker) {
    const at = this.workers.indexOf(w)
    if (at >= 0) this.workers.splice(at, 1)
    // Requests sent to a dead worker would never answer: fail them so the import reports them.
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue
      this.pending.delete(id)
      p.reject(new Error('the import worker stopped'))
    }
  }
}
