import { backend_util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { depthwiseFilterGrad, depthwiseInputGrad } from '../loops'
import type { WasmBackendLike } from './kernelScope'

type Attrs = {
  strides: number | [number, number]
  dilations: number | [number, number]
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
}

/**
 * Depthwise gradients read and write the wasm heap directly. The models in
 * RadLab do not use depthwise convs, so correctness and no extra copies
 * matter more here than SIMD speed.
 */
function writeOutput(backend: WasmBackendLike, shape: number[], values: Float32Array): TensorInfo {
  const out = backend.makeOutput(shape, 'float32')
  ;(backend.typedArrayFromHeap(out) as Float32Array).set(values)
  return out
}

function filterGrad(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs
  const a = args.attrs as unknown as Attrs & { filterShape: [number, number, number, number] }
  const backend = args.backend as WasmBackendLike
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], a.filterShape, a.strides, a.dilations, a.pad as never, a.dimRoundingMode, true,
  )
  const dW = depthwiseFilterGrad(
    backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(dy) as Float32Array, info,
  )
  return writeOutput(backend, a.filterShape, dW)
}

function inputGrad(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { dy, filter } = args.inputs
  const a = args.attrs as unknown as Attrs & { inputShape: [number, number, number, number] }
  const backend = args.backend as WasmBackendLike
  const info = backend_util.computeConv2DInfo(
    a.inputShape, filter.shape as [number, number, number, number], a.strides, a.dilations, a.pad as never, a.dimRoundingMode, true,
  )
  const dx = depthwiseInputGrad(
    backend.typedArrayFromHeap(dy) as Float32Array, backend.typedArrayFromHeap(filter) as Float32Array, info,
  )
  return writeOutput(backend, a.inputShape, dx)
}

export const wasmDepthwiseFilterGradConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: filterGrad as unknown as KernelConfig['kernelFunc'],
}

export const wasmDepthwiseInputGradConfig: KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: inputGrad as unknown as KernelConfig['kernelFunc'],
}
