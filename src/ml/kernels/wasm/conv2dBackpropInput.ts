import { backend_util, getKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { withScope, type KernelScope, type WasmBackendLike } from './kernelScope'

type Attrs = {
  strides: number | [number, number]
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
  dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  inputShape: [number, number, number, number]
}

/**
 * Stride-1 input gradient as a forward conv: dx = conv(pad(dy), flip(W)^T).
 * `dy` may already be zero-dilated (strided case). Returns null when the
 * padding would have to be negative on the leading side (never for
 * 'same'/'valid' with kernel >= padding).
 */
function inputGradAsConv(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  top: number,
  left: number,
): TensorInfo | null {
  const [KH, KW] = filter.shape as [number, number, number, number]
  const [, H, W] = inputShape
  let src = dy
  const before = [KH - 1 - top, KW - 1 - left]
  if (before[0]! < 0 || before[1]! < 0) return null
  let L = src.shape[1]!
  let M = src.shape[2]!
  // Rows of dy past H+top never reach dx (trailing zeros of a dilated dy).
  if (L > H + top || M > W + left) {
    L = Math.min(L, H + top)
    M = Math.min(M, W + left)
    src = s.run('Slice', { x: src }, { begin: [0, 0, 0, 0], size: [src.shape[0]!, L, M, src.shape[3]!] })
  }
  const after = [H + top - L, W + left - M]
  const flipped = s.run('Reverse', { x: filter }, { dims: [0, 1] })
  const wT = s.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] })
  return s.run(
    'Conv2D',
    { x: src, filter: wT },
    {
      strides: [1, 1],
      pad: [[0, 0], [before[0]!, after[0]!], [before[1]!, after[1]!], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [1, 1],
      dimRoundingMode: undefined as never,
    },
  )
}

/**
 * kernel == stride with no padding (the U-Net decoder's conv2dTranspose 2x2
 * stride 2): output patches do not overlap, so dx is one matmul
 * [B*OH*OW, CO] x [CO, KH*KW*CI] followed by a pixel-shuffle transpose.
 */
function nonOverlappingInputGrad(
  s: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
): TensorInfo {
  const [KH, KW, CI, CO] = filter.shape as [number, number, number, number]
  const [B, OH, OW] = dy.shape as [number, number, number, number]
  const dyM = s.reshape(dy, [1, B * OH * OW, CO])
  const wT = s.run('Transpose', { x: filter }, { perm: [3, 0, 1, 2] })
  const wM = s.reshape(wT, [1, CO, KH * KW * CI])
  const prod = s.run('BatchMatMul', { a: dyM, b: wM }, { transposeA: false, transposeB: false })
  const six = s.reshape(prod, [B, OH, OW, KH, KW, CI])
  const shuffled = s.run('Transpose', { x: six }, { perm: [0, 1, 3, 2, 4, 5] })
  return s.reshape(shuffled, inputShape)
}

/** Inserts stride-1 zeros between dy's rows and columns: [B, OH*sh, OW*sw, CO]. */
function dilate(s: KernelScope, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [B, OH, OW, CO] = dy.shape as [number, number, number, number]
  const six = s.reshape(dy, [B, OH, 1, OW, 1, CO])
  const padded = s.run(
    'PadV2',
    { x: six },
    { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 },
  )
  return s.reshape(padded, [B, OH * sh, OW * sw, CO])
}

/**
 * Replaces tfjs-wasm's scalar-loop Conv2DBackpropInput. Every path ends in an
 * XNNPACK conv or matmul; odd cases (negative effective padding, NCHW) fall
 * back to the stock kernel.
 */
export function makeWasmConv2DBackpropInputConfig(): KernelConfig {
  const stock = getKernel('Conv2DBackpropInput', 'wasm')
  const kernelFunc = (args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: unknown; attrs: NamedAttrMap }) => {
    const { dy, filter } = args.inputs
    const attrs = args.attrs as unknown as Attrs
    const backend = args.backend as WasmBackendLike
    const fallback = () => {
      if (stock == null) throw new Error('Conv2DBackpropInput (wasm): case not supported and no stock kernel to fall back on')
      return stock.kernelFunc(args as never) as TensorInfo
    }
    if (attrs.dataFormat === 'NCHW') return fallback()
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad as never,
      attrs.dimRoundingMode,
      false,
    )
    const { strideHeight: sh, strideWidth: sw, filterHeight: KH, filterWidth: KW } = info
    const { top, left } = info.padInfo
    const [, H, W] = attrs.inputShape
    let usedFallback = false
    const out = withScope(backend, (s) => {
      if (KH === sh && KW === sw && top === 0 && left === 0 && H === info.outHeight * sh && W === info.outWidth * sw) {
        return nonOverlappingInputGrad(s, dy, filter, attrs.inputShape)
      }
      const src = sh === 1 && sw === 1 ? dy : dilate(s, dy, sh, sw)
      const r = inputGradAsConv(s, src, filter, attrs.inputShape, top, left)
      if (r == null) {
        usedFallback = true
        return s.reshape(dy, dy.shape) // placeholder, freed below
      }
      return r
    })
    if (usedFallback) {
      backend.disposeData(out.dataId)
      return fallback()
    }
    return out
  }
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'],
  }
}
