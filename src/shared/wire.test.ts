import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from './wire'

describe('wire codec', () => {
  it('carries typed arrays and Node Buffers intact', () => {
    const v = { a: new Float32Array([1.5, -2]), b: Buffer.from([137, 80, 78, 71]), c: [new Uint16Array([65535])], d: 'x' }
    const back = decodeWire(encodeWire(v)) as { a: Float32Array; b: Uint8Array; c: Uint16Array[]; d: string }
    expect(back.a).toBeInstanceOf(Float32Array)
    expect(Array.from(back.a)).toEqual([1.5, -2])
    expect(back.b).toBeInstanceOf(Uint8Array)
    expect(Array.from(back.b)).toEqual([137, 80, 78, 71])
    expect(back.c[0][0]).toBe(65535)
    expect(back.d).toBe('x')
  })
})
