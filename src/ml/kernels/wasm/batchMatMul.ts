import { getKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { permute, produce } from './heap'
import type { WasmBackendLike } from './kernelScope'

/**
 * tfjs-wasm sends a matmul to XNNPACK only without transposes and with batch
 * 1; dense-layer gradients (x^T·dy, dy·W^T) otherwise take a scalar loop.
 * Materialise the transposed operand (a cheap copy) and call the stock kernel.
 */
export function makeWasmBatchMatMulConfig(): KernelConfig {
  const stock = getKernel('BatchMatMul', 'wasm')
  if (stock == null) throw new Error('BatchMatMul is not registered for wasm: import @tensorflow/tfjs-backend-wasm first')
  const kernelFunc = (args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: unknown; attrs: NamedAttrMap }) => {
    const { a, b } = args.inputs
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean }
    const batchA = a.shape.slice(0, -2).reduce((p, q) => p * q, 1)
    const batchB = b.shape.slice(0, -2).reduce((p, q) => p * q, 1)
    if ((!transposeA && !transposeB) || batchA !== 1 || batchB !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock.kernelFunc(args as never)
    }
    const backend = args.backend as WasmBackendLike
    const flip = (t: TensorInfo): TensorInfo => {
      const r = t.shape[t.shape.length - 2]!
      const c = t.shape[t.shape.length - 1]!
      const shape = [...t.shape.slice(0, -2), c, r]
      return produce(backend, shape, [t], (out, [v]) => permute(v!, [r, c], [1, 0], out))
    }
    const call = (x: TensorInfo, y: TensorInfo) =>
      stock.kernelFunc({ ...args, inputs: { a: x, b: y }, attrs: { ...args.attrs, transposeA: false, transposeB: false } } as never) as TensorInfo
    const rowsA = a.shape[a.shape.length - (transposeA ? 1 : 2)]!
    const inner = a.shape[a.shape.length - (transposeA ? 2 : 1)]!
    const colsB = b.shape[b.shape.length - (transposeB ? 2 : 1)]!
    // a·b^T with a large b (a dense layer's input gradient dy·W^T): computing
    // (b·a^T)^T moves a and the output instead of all of b.
    if (!transposeA && transposeB && colsB * inner > rowsA * inner + rowsA * colsB) {
      const aT = flip(a)
      try {
        const outT = call(b, aT)
        try {
          return produce(backend, [...a.shape.slice(0, -2), rowsA, colsB], [outT], (out, [v]) => permute(v!, [colsB, rowsA], [1, 0], out))
        } finally {
          backend.disposeData(outT.dataId)
        }
      } finally {
        backend.disposeData(aT.dataId)
      }
    }
    const a2 = transposeA ? flip(a) : a
    const b2 = transposeB ? flip(b) : b
    try {
      return call(a2, b2)
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId)
      if (b2 !== b) backend.disposeData(b2.dataId)
    }
  }
  return { kernelName: 'BatchMatMul', backendName: 'wasm', setupFunc: stock.setupFunc, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] }
}
