import type { TensorInfo } from '@tensorflow/tfjs'
import type { WasmBackendLike } from './kernelScope'

/**
 * Layout shuffles written as JS loops over the wasm heap. tfjs-wasm's
 * generic Transpose/Slice/Concat move about one element per 6-11 ns here;
 * these JIT-compiled loops move one per ~1 ns, and data-movement ops sit on
 * the critical path of every gradient kernel.
 */

/** Allocates a float32 output and fills it. `fill` gets fresh heap views (allocation may grow the heap). */
export function produce(
  backend: WasmBackendLike,
  shape: number[],
  inputs: TensorInfo[],
  fill: (out: Float32Array, ins: Float32Array[]) => void,
): TensorInfo {
  const out = backend.makeOutput(shape, 'float32')
  const ins = inputs.map((t) => backend.typedArrayFromHeap(t) as Float32Array)
  fill(backend.typedArrayFromHeap(out) as Float32Array, ins)
  return out
}

/** Generic permutation of a dense array; the innermost output axis is the tight loop. */
export function permute(src: Float32Array, shape: number[], perm: number[], dst: Float32Array): void {
  const rank = shape.length
  const inStrides = new Array<number>(rank)
  let s = 1
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s
    s *= shape[i]!
  }
  const outShape = perm.map((p) => shape[p]!)
  const strideOf = perm.map((p) => inStrides[p]!) // input stride for each output axis
  const last = rank - 1
  const n = outShape[last]!
  const st = strideOf[last]!
  const idx = new Array<number>(rank).fill(0)
  let o = 0
  const total = dst.length
  while (o < total) {
    let base = 0
    for (let a = 0; a < last; a++) base += idx[a]! * strideOf[a]!
    if (st === 1) {
      for (let j = 0; j < n; j++) dst[o + j] = src[base + j]!
    } else {
      for (let j = 0, p = base; j < n; j++, p += st) dst[o + j] = src[p]!
    }
    o += n
    for (let a = last - 1; a >= 0; a--) {
      if (++idx[a]! < outShape[a]!) break
      idx[a] = 0
    }
  }
}
