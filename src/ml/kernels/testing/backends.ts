import * as tf from '@tensorflow/tfjs'
import { initWasmBackend } from '../loadWasm'

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32), so failures reproduce. */
export function randomArray(n: number, seed: number): Float32Array {
  let a = seed >>> 0
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1
  }
  return out
}

/** Runs `fn` with `backend` active and returns plain arrays, so results compare across backends. */
export async function onBackend<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  if (backend === 'wasm') {
    if (!(await initWasmBackend())) throw new Error('wasm backend failed to load from node_modules')
  } else {
    await tf.setBackend('cpu')
  }
  if (tf.getBackend() !== backend) throw new Error(`expected backend ${backend}, got ${tf.getBackend()}`)
  return fn()
}

export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`)
  let scale = 1e-6
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!))
  let err = 0
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i]! - b[i]!))
  return err / scale
}
