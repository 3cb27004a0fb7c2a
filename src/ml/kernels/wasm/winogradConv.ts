import { backend_util, getKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { heapPtr, nativeKernels, withScratch, type WasmBackendInternals } from './nativeModule'

/**
 * 3x3 stride-1 convolutions (forward, and the stride-1 input gradients that
 * conv2dBackpropInput.ts turns into forward convs) through RadLab's Winograd
 * F(2x2,3x3) wasm kernel (src/ml/kernels/native/winograd.c): 2.25x fewer
 * multiply-adds than tfjs-wasm's XNNPACK convolution; and their filter
 * gradients through F(3x3,2x2). Every other convolution goes to the stock
 * kernel or the im2col / row-conv gradient.
 */

/** Convolutions computed by the Winograd kernels in this thread (diagnostics and tests). */
export const winogradStats = { calls: 0, filterGradCalls: 0 }

/** Floats of the per-call tile buffers (V and M blocks): 512 KB, so a block stays in L2. */
const SCRATCH_FLOATS = 128 * 1024

/** Tiles per block so the V and M blocks (16 positions × tiles × channels) fit the scratch budget; a multiple of 4 (the GEMM's tile step). */
function tilesPerBlock(CI: number, CO: number): number {
  return Math.max(4, Math.min(256, Math.floor(SCRATCH_FLOATS / (16 * (CI + CO)) / 4) * 4))
}

/**
 * Where Winograd beats XNNPACK (measured per layer on the U-Net and CNN
 * shapes): 3x3, stride 1, no dilation, channels in fours, and a feature map
 * big enough that tiles outnumber channels.
 */
export function winogradApplies(info: backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 3 && info.filterWidth === 3 &&
    info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 &&
    info.inChannels % 4 === 0 && info.outChannels % 4 === 0 &&
    info.outHeight >= 4 && info.outWidth >= 4 &&
    info.padInfo.top >= 0 && info.padInfo.left >= 0 && info.padInfo.top <= 2 && info.padInfo.left <= 2
  )
}

/** Runs the Winograd kernel, or returns null when it does not apply here. */
export function winogradConv2D(
  backendAny: unknown, x: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo, bias: TensorInfo | null, relu: boolean,
): TensorInfo | null {
  const backend = backendAny as WasmBackendInternals
  if (!winogradApplies(info) || x.dtype !== 'float32' || filter.dtype !== 'float32') return null
  if (bias && (bias.dtype !== 'float32' || bias.shape.reduce((a, b) => a * b, 1) !== info.outChannels)) return null
  const k = nativeKernels(backend)
  if (!k) return null
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const tb = tilesPerBlock(CI, CO)
  const out = backend.makeOutput([N, OH, OW, CO], 'float32')
  const uFloats = 16 * CI * CO
  withScratch(backend, (uFloats + 16 * tb * (CI + CO)) * 4, (scratch) => {
    // Heap offsets stay valid when the heap grows; only views go stale.
    k.wino_filter(heapPtr(backend, filter), scratch, CI, CO)
    k.wino_conv(
      heapPtr(backend, x), N, H, W, CI, scratch, CO, heapPtr(backend, out), OH, OW, info.padInfo.top, info.padInfo.left,
      bias ? heapPtr(backend, bias) : 0, relu ? 1 : 0, scratch + uFloats * 4, tb,
    )
  })
  winogradStats.calls++
  return out
}

/** dW of a 3x3 stride-1 convolution (Winograd F(3x3,2x2)), or null when it does not apply here. */
export function winogradFilterGrad(backendAny: unknown, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo | null {
  const backend = backendAny as WasmBackendInternals
  if (!winogradApplies(info) || x.dtype !== 'float32' || dy.dtype !== 'float32') return null
  const k = nativeKernels(backend)
  if (!k) return null
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const tb = tilesPerBlock(CI, CO)
  const out = backend.makeOutput([3, 3, CI, CO], 'float32')
  withScratch(backend, (16 * CI * CO + 16 * tb * (CI + CO)) * 4, (scratch) =>
    k.wino_filter_grad(heapPtr(backend, x), N, H, W, CI, heapPtr(backend, dy), OH, OW, CO, info.padInfo.top, info.padInfo.left, heapPtr(backend, out), scratch, tb),
  )
  winogradStats.filterGradCalls++
  return out
}

type ConvAttrs = {
  strides: number | [number, number]
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
  dataFormat: 'NHWC' | 'NCHW'
  dilations: number | [number, number]
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  activation?: string
  leakyreluAlpha?: number
}

function convInfo(x: TensorInfo, filter: TensorInfo, a: ConvAttrs): backend_util.Conv2DInfo | null {
  if (a.dataFormat === 'NCHW' || x.shape.length !== 4 || filter.shape.length !== 4) return null
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    a.strides, a.dilations, a.pad as never, a.dimRoundingMode, false, 'channelsLast',
  )
}

function wrap(kernelName: 'Conv2D' | 'FusedConv2D', run: (args: { inputs: Record<string, TensorInfo>; backend: unknown; attrs: NamedAttrMap }) => TensorInfo | null): KernelConfig {
  const stock = getKernel(kernelName, 'wasm')
  if (stock == null) throw new Error(`${kernelName} (wasm) is not registered: import @tensorflow/tfjs-backend-wasm first`)
  return {
    kernelName,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    kernelFunc: ((args: never) => run(args) ?? stock.kernelFunc(args)) as unknown as KernelConfig['kernelFunc'],
  }
}

export function makeWasmWinogradConv2DConfig(): KernelConfig {
  return wrap('Conv2D', ({ inputs, backend, attrs }) => {
    const info = convInfo(inputs.x!, inputs.filter!, attrs as unknown as ConvAttrs)
    return info && winogradConv2D(backend, inputs.x!, inputs.filter!, info, null, false)
  })
}

export function makeWasmWinogradFusedConv2DConfig(): KernelConfig {
  return wrap('FusedConv2D', ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as ConvAttrs
    const act = a.activation ?? 'linear'
    if ((act !== 'linear' && act !== 'relu') || inputs.preluActivationWeights) return null
    const info = convInfo(inputs.x!, inputs.filter!, a)
    return info && winogradConv2D(backend, inputs.x!, inputs.filter!, info, inputs.bias ?? null, act === 'relu')
  })
}
