import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { createRequire } from 'node:module'
import path from 'node:path'
import { registerWasmTrainingKernels } from './registerWasm'

/** Folder holding the .wasm binaries, as a file path (Node reads it with fs, offline). */
export function wasmDistDir(): string {
  const requireHere = createRequire(import.meta.url)
  return path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep
}

let pathsSet = false

/**
 * Switches tfjs to the wasm backend with RadLab's training kernels. Returns
 * false (and leaves the backend unchanged) if wasm cannot load here.
 * `distDir` overrides where the .wasm files live (e.g. app.asar.unpacked).
 */
export async function initWasmBackend(opts: { distDir?: string } = {}): Promise<boolean> {
  registerWasmTrainingKernels()
  if (!pathsSet) {
    setWasmPaths(opts.distDir ?? wasmDistDir())
    pathsSet = true
  }
  const ok = await tf.setBackend('wasm')
  await tf.ready()
  return ok
}
