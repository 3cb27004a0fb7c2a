import { backend_util, getKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { WASM_BASE64 } from './winograd-binary'

/**
 * 3x3 stride-1 convolutions (forward, and the stride-1 input gradients that
 * conv2dBackpropInput.ts turns into forward convs) through RadLab's Winograd
 * F(2x2,3x3) wasm kernel (src/ml/kernels/native/winograd.c): 2.25x fewer
 * multiply-adds than tfjs-wasm's XNNPACK convolution. The kernel module shares
 * tfjs-wasm's linear memory, so it reads and writes tensors in place. Every
 * other convolution goes to the stock kernel.
 */

interface WasmModuleLike {
  _malloc(bytes: number): number
  _free(ptr: number): void
  asm?: { memory?: WebAssembly.Memory }
}
interface WasmBackendInternals {
  wasm: WasmModuleLike
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined }
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo
}
interface WinogradExports {
  wino_filter(g: number, u: number, ci: number, co: number): void
  wino_conv(
    x: number, n: number, h: number, w: number, ci: number, u: number, co: number, y: number, oh: number, ow: number,
    padTop: number, padLeft: number, bias: number, relu: number, scratch: number, tb: number,
  ): void
  wino_filter_grad(
    x: number, n: number, h: number, w: number, ci: number, dy: number, oh: number, ow: number, co: number,
    padTop: number, padLeft: number, dw: number, scratch: number, tb: number,
  ): void
}

/** Convolutions computed by the Winograd kernel in this thread (diagnostics and tests). */
export const winogradStats = { calls: 0, filterGradCalls: 0 }

const instances = new WeakMap<object, WinogradExports | null>()

/** The kernel module bound to this backend's memory; null where it cannot be (e.g. a threaded build's shared memory). */
function kernelFor(backend: WasmBackendInternals): WinogradExports | null {
  const cached = instances.get(backend)
  if (cached !== undefined) return cached
  let k: WinogradExports | null = null
  const memory = backend.wasm?.asm?.memory
  if (memory instanceof WebAssembly.Memory && typeof backend.wasm._malloc === 'function') {
    try {
      const module = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'))
      k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WinogradExports
    } catch {
      k = null
    }
  }
  instances.set(backend, k)
  return k
}

/** Floats of the per-call tile buffers (V and M blocks): 512 KB, so a block stays in L2. */
const SCRATCH_FLOATS = 128 * 1024

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

function ptr(backend: WasmBackendInternals, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId)
  if (!d) throw new Error('winograd conv: tensor has no data on the wasm heap')
  return d.memoryOffset
}

/** Runs the Winograd kernel, or returns null when it does not apply here. */
export function winogradConv2D(
  backendAny: unknown, x: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo, bias: TensorInfo | null, relu: boolean,
): TensorInfo | null {
  const backend = backendAny as WasmBackendInternals
  if (!winogradApplies(info) || x.dtype !== 'float32' || filter.dtype !== 'float32') return null
  if (bias && (bias.dtype !== 'float32' || bias.shape.reduce((a, b) => a * b, 1) !== info.outChannels)) return null
  const k = kernelFor(backend)
  if (!k) return null
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const tb = Math.max(4, Math.min(256, Math.floor(SCRATCH_FLOATS / (16 * (CI + CO)) / 4) * 4))
  const out = backend.makeOutput([N, OH, OW, CO], 'float32')
  const uFloats = 16 * CI * CO
  const scratch = backend.wasm._malloc((uFloats + 16 * tb * (CI + CO)) * 4)
  try {
    // Pointers are read after every allocation: offsets stay valid when the heap grows.
    k.wino_filter(ptr(backend, filter), scratch, CI, CO)
    k.wino_conv(
      ptr(backend, x), N, H, W, CI, scratch, CO, ptr(backend, out), OH, OW, info.padInfo.top, info.padInfo.left,
      bias ? ptr(backend, bias) : 0, relu ? 1 : 0, scratch + uFloats * 4, tb,
    )
  } finally {
    backend.wasm._free(scratch)
  }
  winogradStats.calls++
  return out
}

/** dW of a 3x3 stride-1 convolution (Winograd F(3x3,2x2)), or null when it does not apply here. */
export function winogradFilterGrad(backendAny: unknown, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo | null {
  const backend = backendAny as WasmBackendInternals
  if (!winogradApplies(info) || x.dtype !== 'float32' || dy.dtype !== 'float32') return null
  const k = kernelFor(backend)
  if (!k) return null
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const tb = Math.max(4, Math.min(256, Math.floor(SCRATCH_FLOATS / (16 * (CI + CO)) / 4) * 4))
  const out = backend.makeOutput([3, 3, CI, CO], 'float32')
  const scratch = backend.wasm._malloc((16 * CI * CO + 16 * tb * (CI + CO)) * 4)
  try {
    k.wino_filter_grad(ptr(backend, x), N, H, W, CI, ptr(backend, dy), OH, OW, CO, info.padInfo.top, info.padInfo.left, ptr(backend, out), scratch, tb)
  } finally {
    backend.wasm._free(scratch)
  }
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
