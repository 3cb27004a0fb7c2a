// Maps errors thrown while training or predicting to the protocol's failure codes, with a
// reason a user can act on.
import type { FailureCode } from '../shared/trainer-protocol'
import { ConfigError } from './config'
import { DataError } from './data/project-reader'
import { BackendError } from './backend'
import { CheckpointMismatchError } from './predict'

const OOM = /out of memory|\bOOM\b|failed to allocate|cannot allocate|allocation failed|Array buffer allocation|WebAssembly\.Memory|memory access out of bounds|ResourceExhausted/i

export function classifyFailure(err: unknown): { code: FailureCode; reason: string } {
  const msg = err instanceof Error ? err.message : String(err)
  if (OOM.test(msg) || (err instanceof RangeError && /Invalid typed array length|Invalid array length/.test(msg))) {
    return { code: 'oom', reason: `out of memory: try a smaller batch or input size (${msg.split('\n')[0]})` }
  }
  if (err instanceof ConfigError || err instanceof RangeError || err instanceof TypeError && /must be/.test(msg)) return { code: 'invalid', reason: msg }
  if (err instanceof TrainingRefused) return { code: 'invalid', reason: msg }
  if (err instanceof DataError) return { code: 'data', reason: msg }
  if (err instanceof BackendError) return { code: 'backend', reason: msg }
  if (err instanceof CheckpointMismatchError) return { code: 'checkpoint', reason: msg }
  return { code: 'crash', reason: msg || 'unknown error' }
}

/** Thrown when a run's data cannot train (no masks, a single class …), before any training. */
export class TrainingRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TrainingRefused'
  }
}
