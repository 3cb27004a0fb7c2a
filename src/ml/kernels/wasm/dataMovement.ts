import { backend_util, getKernel, util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { produce } from './heap'
import { heapPtr, nativeKernels, withScratch } from './nativeModule'
import type { WasmBackendLike } from './kernelScope'

/**
 * Concat, SplitV and Sum as JS block copies / accumulations over the wasm
 * heap, for float32. The U-Net's skip connections concatenate and split
 * (backward) along channels, and every bias gradient is a Sum over the
 * leading axes; tfjs-wasm runs these through generic element-wise loops
 * (Sum also through a full transpose first). Other dtypes and layouts go to
 * the stock kernels.
 */

function copyBlocks(src: Float32Array, srcOff: number, srcStride: number, dst: Float32Array, dstOff: number, dstStride: number, block: number, count: number): void {
  if (block >= 64) {
    for (let o = 0; o < count; o++) dst.set(src.subarray(srcOff + o * srcStride, srcOff + o * srcStride + block), dstOff + o * dstStride)
    return
  }
  for (let o = 0; o < count; o++) {
    const s = srcOff + o * srcStride
    const d = dstOff + o * dstStride
    for (let j = 0; j < block; j++) dst[d + j] = src[s + j]!
  }
}

export function makeWasmConcatConfig(): KernelConfig {
  const stock = getKernel('Concat', 'wasm')!
  const kernelFunc = (args: { inputs: TensorInfo[]; backend: unknown; attrs: NamedAttrMap }) => {
    const inputs = args.inputs
    if (inputs.length < 2 || inputs.some((t) => t.dtype !== 'float32')) return stock.kernelFunc(args as never)
    const axis = util.parseAxisParam(args.attrs.axis as number, inputs[0]!.shape)[0]!
    const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis)
    const live = inputs.filter((t) => util.sizeFromShape(t.shape) > 0)
    const outer = util.sizeFromShape(outShape.slice(0, axis))
    const outInner = util.sizeFromShape(outShape.slice(axis))
    return produce(args.backend as WasmBackendLike, outShape, live, (out, ins) => {
      let col = 0
      ins.forEach((v, i) => {
        const inner = util.sizeFromShape(live[i]!.shape.slice(axis))
        copyBlocks(v, 0, inner, out, col, outInner, inner, outer)
        col += inner
      })
    })
  }
  return { kernelName: 'Concat', backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] }
}

export function makeWasmSplitVConfig(): KernelConfig {
  const stock = getKernel('SplitV', 'wasm')!
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: unknown; attrs: NamedAttrMap }) => {
    const { x } = args.inputs
    if (x.dtype !== 'float32') return stock.kernelFunc(args as never)
    const axis = util.parseAxisParam(args.attrs.axis as number, x.shape)[0]!
    const sizes = backend_util.prepareSplitSize(x as never, args.attrs.numOrSizeSplits as number[] | number, axis)
    const backend = args.backend as WasmBackendLike
    const outer = util.sizeFromShape(x.shape.slice(0, axis))
    const inInner = util.sizeFromShape(x.shape.slice(axis))
    const rest = util.sizeFromShape(x.shape.slice(axis + 1))
    let col = 0
    return sizes.map((size) => {
      const shape = x.shape.slice()
      shape[axis] = size
      const inner = size * rest
      const start = col
      col += inner
      return produce(backend, shape, [x], (out, [v]) => copyBlocks(v!, start, inInner, out, 0, inner, inner, outer))
    })
  }
  return { kernelName: 'SplitV', backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] }
}

export function makeWasmSumConfig(): KernelConfig {
  const stock = getKernel('Sum', 'wasm')!
  const kernelFunc = (args: { inputs: { x: TensorInfo }; backend: unknown; attrs: NamedAttrMap }) => {
    const { x } = args.inputs
    const rank = x.shape.length
    const axes = util.parseAxisParam(args.attrs.axis as number | number[], x.shape).slice().sort((p, q) => p - q)
    const leading = axes.length > 0 && axes.every((ax, i) => ax === i)
    const trailing = axes.length > 0 && axes.every((ax, i) => ax === rank - axes.length + i)
    if (x.dtype !== 'float32' || axes.length === rank || (!leading && !trailing)) return stock.kernelFunc(args as never)
    const kept = x.shape.filter((_, i) => !axes.includes(i))
    const outShape = args.attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept
    const reduced = util.sizeFromShape(axes.map((ax) => x.shape[ax]!))
    const n = util.sizeFromShape(kept)
    const native = leading && n % 4 === 0 ? nativeKernels(args.backend) : null
    if (native) {
      // SIMD column sums (src/ml/kernels/native/reduce.c), float64 accumulators in scratch.
      const out = (args.backend as WasmBackendLike).makeOutput(outShape, 'float32')
      withScratch(args.backend, n * 8, (acc) => native.sum_rows(heapPtr(args.backend, x), reduced, n, heapPtr(args.backend, out), acc))
      return out
    }
    return produce(args.backend as WasmBackendLike, outShape, [x], (out, [v]) => {
      if (leading) {
        // Column sums: rows of length n, accumulated in float64 for stable sums over large batches.
        const acc = new Float64Array(n)
        for (let r = 0, o = 0; r < reduced; r++, o += n) for (let j = 0; j < n; j++) acc[j]! += v![o + j]!
        for (let j = 0; j < n; j++) out[j] = acc[j]!
      } else {
        for (let i = 0, o = 0; i < n; i++, o += reduced) {
          let s = 0
          for (let j = 0; j < reduced; j++) s += v![o + j]!
          out[i] = s
        }
      }
    })
  }
  return { kernelName: 'Sum', backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] }
}
