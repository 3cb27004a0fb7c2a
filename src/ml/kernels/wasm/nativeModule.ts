import type { TensorInfo } from '@tensorflow/tfjs'
import { WASM_BASE64 } from './native-binary'

/**
 * RadLab's own wasm kernels (src/ml/kernels/native/*.c), instantiated against
 * tfjs-wasm's linear memory so they read and write tensors where tfjs keeps
 * them. Scratch space comes from tfjs-wasm's allocator.
 */

interface WasmModuleLike {
  _malloc(bytes: number): number
  _free(ptr: number): void
  asm?: { memory?: WebAssembly.Memory }
}

/** The parts of tfjs-wasm's backend the native kernels use. */
export interface WasmBackendInternals {
  wasm: WasmModuleLike
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined }
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
}

export interface NativeKernels {
  wino_filter(g: number, u: number, ci: number, co: number): void
  wino_conv(
    x: number, n: number, h: number, w: number, ci: number, u: number, co: number, y: number, oh: number, ow: number,
    padTop: number, padLeft: number, bias: number, relu: number, scratch: number, tb: number,
  ): void
  wino_filter_grad(
    x: number, n: number, h: number, w: number, ci: number, dy: number, oh: number, ow: number, co: number,
    padTop: number, padLeft: number, dw: number, scratch: number, tb: number,
  ): void
  sum_rows(x: number, rows: number, n: number, out: number, acc: number): void
}

const instances = new WeakMap<object, NativeKernels | null>()

/** The kernels bound to this backend's memory; null where they cannot be (e.g. a threaded build's shared memory). */
export function nativeKernels(backendAny: unknown): NativeKernels | null {
  const backend = backendAny as WasmBackendInternals
  const cached = instances.get(backend)
  if (cached !== undefined) return cached
  let k: NativeKernels | null = null
  const memory = backend.wasm?.asm?.memory
  if (memory instanceof WebAssembly.Memory && typeof backend.wasm._malloc === 'function') {
    try {
      const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'))
      k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as NativeKernels
    } catch {
      k = null
    }
  }
  instances.set(backend, k)
  return k
}

/** Byte offset of a tensor's data on the wasm heap. */
export function heapPtr(backendAny: unknown, t: TensorInfo): number {
  const d = (backendAny as WasmBackendInternals).dataIdMap.get(t.dataId)
  if (!d) throw new Error('native kernel: tensor has no data on the wasm heap')
  return d.memoryOffset
}

/** Runs `body` with `bytes` of scratch from tfjs-wasm's allocator, freed afterwards. */
export function withScratch<T>(backendAny: unknown, bytes: number, body: (ptr: number) => T): T {
  const wasm = (backendAny as WasmBackendInternals).wasm
  const p = wasm._malloc(bytes)
  try {
    return body(p)
  } finally {
    wasm._free(p)
  }
}
