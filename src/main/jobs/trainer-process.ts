// Main-side handle on the trainer process. Under Electron the trainer is a utilityProcess
// (its own V8 and native modules, off the main process); in plain Node (radlab serve, the CLI,
// tests) it is a child_process.fork of src/ml/trainer.ts run through tsx. Either way main
// sees the same handle: typed messages both ways and one exit callback with a reason.
import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { tsxExecArgv } from './tsx-loader'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BackendPreference, MainToTrainer, TrainerToMain } from '../../shared/trainer-protocol'

export interface TrainerHandle {
  readonly pid: number | undefined
  send(msg: MainToTrainer): void
  /** Subscribes to trainer messages; returns an unsubscribe function. */
  onMessage(cb: (msg: TrainerToMain) => void): () => void
  /** Called once when the process ends: exit code or signal, and a human-readable reason. */
  onExit(cb: (code: number | null, signal: string | null, reason: string) => void): () => void
  /** Ends the process (SIGKILL: a stuck native call does not answer SIGTERM). */
  kill(): void
  readonly exited: boolean
}

export interface SpawnTrainerOptions {
  /** Forced backend for the whole process (the trainer's default for 'auto'). */
  backend?: BackendPreference
  /** Trainer entry for plain Node; default src/ml/trainer.ts next to this file's source tree. */
  entry?: string
  /** Electron: built trainer bundle; default out/main/trainer.js beside the main bundle. */
  electronEntry?: string
  env?: Record<string, string>
  /**
   * The trainer's output. 'inherit' (default) sends both its stdout and stderr to main's
   * STDERR, so `radlab train --json` keeps a clean stdout of JSON lines.
   */
  stdio?: 'inherit' | 'pipe' | 'ignore'
}

const here = dirname(fileURLToPath(import.meta.url))

function defaultNodeEntry(): string {
  // From src/main/jobs → src/ml/trainer.ts; from a bundle in out/main → look in the project root too.
  const candidates = [resolve(here, '../../ml/trainer.ts'), resolve(process.cwd(), 'src/ml/trainer.ts')]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error(`trainer entry not found (looked in ${candidates.join(', ')})`)
  return found
}

export function exitReason(code: number | null, signal: string | null): string {
  if (signal === 'SIGKILL') return 'the trainer process was killed (SIGKILL; out of system memory, or stopped by the user)'
  if (signal) return `the trainer process ended on signal ${signal}`
  if (code === 0) return 'the trainer process exited'
  if (code === 134) return 'the trainer process aborted (exit code 134): likely out of memory; try a smaller batch or input size'
  return `the trainer process crashed (exit code ${code})`
}

interface Listeners {
  message: Set<(msg: TrainerToMain) => void>
  exit: Set<(code: number | null, signal: string | null, reason: string) => void>
}

function makeHandle(
  pid: number | undefined,
  post: (msg: MainToTrainer) => void,
  killer: () => void,
  wire: (onMsg: (m: TrainerToMain) => void, onExit: (code: number | null, signal: string | null) => void) => void,
): TrainerHandle {
  const l: Listeners = { message: new Set(), exit: new Set() }
  let exited = false
  let exitInfo: [number | null, string | null, string] | null = null
  wire(
    (m) => l.message.forEach((cb) => cb(m)),
    (code, signal) => {
      if (exited) return
      exited = true
      exitInfo = [code, signal, exitReason(code, signal)]
      l.exit.forEach((cb) => cb(...exitInfo!))
    },
  )
  return {
    pid,
    get exited() {
      return exited
    },
    send(msg) {
      if (exited) throw new Error(`cannot send ${msg.type}: the trainer process has exited`)
      post(msg)
    },
    onMessage(cb) {
      l.message.add(cb)
      return () => l.message.delete(cb)
    },
    onExit(cb) {
      // Late subscribers still hear about an exit that already happened.
      if (exitInfo) queueMicrotask(() => cb(...exitInfo!))
      else l.exit.add(cb)
      return () => l.exit.delete(cb)
    },
    kill: killer,
  }
}

function spawnElectron(opts: SpawnTrainerOptions): TrainerHandle {
  // Loaded only under Electron (plain Node has no 'electron' module worth loading).
  const { utilityProcess, app } = createRequire(import.meta.url)('electron') as typeof import('electron')
  const entry = opts.electronEntry ?? join(app.getAppPath(), 'out/main/trainer.js')
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'RadLab trainer',
    stdio: opts.stdio ?? 'inherit',
    env: { ...process.env, ...(opts.backend ? { RADLAB_BACKEND: opts.backend } : {}), ...opts.env },
  })
  return makeHandle(
    child.pid,
    (m) => child.postMessage(m),
    () => child.kill(),
    (onMsg, onExit) => {
      child.on('message', (m: TrainerToMain) => onMsg(m))
      // utilityProcess reports only a code; a kill shows up as a non-zero code.
      child.on('exit', (code: number) => onExit(code, null))
    },
  )
}

function spawnNode(opts: SpawnTrainerOptions): TrainerHandle {
  const entry = opts.entry ?? defaultNodeEntry()
  const isTs = entry.endsWith('.ts')
  const child: ChildProcess = fork(entry, [], {
    execArgv: isTs ? tsxExecArgv() : [],
    // Structured clone: Uint8Array probability maps arrive as Uint8Array, not as JSON objects.
    serialization: 'advanced',
    stdio: opts.stdio === 'pipe' ? ['ignore', 'pipe', 'pipe', 'ipc'] : opts.stdio === 'ignore' ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['ignore', 2, 2, 'ipc'],
    env: { ...process.env, ...(opts.backend ? { RADLAB_BACKEND: opts.backend } : {}), ...opts.env },
  })
  return makeHandle(
    child.pid,
    (m) => child.send(m),
    () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
    (onMsg, onExit) => {
      child.on('message', (m) => onMsg(m as TrainerToMain))
      child.on('exit', (code, signal) => onExit(code, signal))
      child.on('error', () => {
        // A failed spawn emits 'error' without 'exit'.
        if (child.exitCode === null && child.pid === undefined) onExit(null, null)
      })
    },
  )
}

/** Starts a trainer process: utilityProcess under Electron, a forked Node child elsewhere. */
export function spawnTrainer(opts: SpawnTrainerOptions = {}): TrainerHandle {
  if (process.versions.electron && !process.env.RADLAB_TRAINER_FORK) return spawnElectron(opts)
  return spawnNode(opts)
}
