import { describe, expect, it } from 'vitest'
import { classifyFailure, TrainingRefused } from './failure'
import { ConfigError } from './config'
import { DataError } from './data/project-reader'
import { CheckpointMismatchError } from './predict'

describe('classifyFailure', () => {
  it.each([
    [new RangeError('Array buffer allocation failed'), 'oom'],
    [new Error('Aborted(OOM)'), 'oom'],
    [new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'), 'oom'],
    [new Error('OOM when allocating tensor with shape[64,256,256,32]'), 'oom'],
    [new ConfigError('invalid training config: lr: too big'), 'invalid'],
    [new TrainingRefused('no training images'), 'invalid'],
    [new DataError('image 3 has no stored pixels'), 'data'],
    [new CheckpointMismatchError('wrong size'), 'checkpoint'],
    [new Error('something else'), 'crash'],
  ])('%s → %s', (err, code) => {
    const f = classifyFailure(err)
    expect(f.code).toBe(code)
    if (code === 'oom') expect(f.reason).toMatch(/^out of memory: try a smaller batch or input size/)
    else expect(f.reason).toBe(err.message)
  })
})
