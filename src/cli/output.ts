// One-line errors (stack only with --verbose) and terminal progress bars.
import { SingleBar, Presets } from 'cli-progress'
import { toErrorData } from '../shared/errors'

export let verbose = false
export function setVerbose(v: boolean) {
  verbose = v
}

export function fail(err: unknown): never {
  const data = toErrorData(err)
  process.stderr.write(`radlab: ${data.message}\n`)
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
  process.exit(1)
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}

export interface Progress {
  update(done: number, total: number, label?: string): void
  stop(): void
}

/** A progress bar on a terminal; silent when output is piped or JSON is asked for. */
export function progressBar(enabled: boolean, format = '{bar} {percentage}% | {value}/{total} | {label}'): Progress {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} }
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, clearOnComplete: true }, Presets.shades_classic)
  let started = false
  return {
    update(done, total, label = '') {
      if (!started) {
        bar.start(Math.max(total, 1), done, { label })
        started = true
      }
      bar.setTotal(Math.max(total, 1))
      bar.update(done, { label: label.length > 50 ? `…${label.slice(-49)}` : label })
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
