import { backend_util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { permute, produce } from './heap'
import { withScope, type KernelScope, type WasmBackendLike } from './kernelScope'

/**
 * Builds the transposed im2col matrix of `x` for a conv: [KH*KW*CI, B*OH*OW],
 * rows ordered (kh, kw, ci) like a tfjs filter. x is transposed once to
 * [CI, B, H, W] so every filter tap is one contiguous slice, and the taps are
 * concatenated along the first axis. Returned as a rank-3 [1, K, N] matrix.
 */
export function im2colTransposed(s: KernelScope, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inChannels: CI, outHeight: OH, outWidth: OW } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  const H = x.shape[1]
  const W = x.shape[2]
  const needH = (OH - 1) * sh + (KH - 1) * dh + 1
  const needW = (OW - 1) * sw + (KW - 1) * dw + 1
  const bottom = Math.max(0, needH - H - top)
  const right = Math.max(0, needW - W - left)
  const padded =
    top || bottom || left || right
      ? s.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
      : x
  const xT = s.run('Transpose', { x: padded }, { perm: [3, 0, 1, 2] })
  const Hp = xT.shape[2]
  const Wp = xT.shape[3]
  const N = B * OH * OW
  if (KH === 1 && KW === 1 && sh === 1 && sw === 1 && Hp === OH && Wp === OW) {
    return s.reshape(xT, [1, CI, N])
  }
  const taps: TensorInfo[] = []
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const r0 = kh * dh
      const c0 = kw * dw
      const tap =
        sh === 1 && sw === 1
          ? s.run('Slice', { x: xT }, { begin: [0, 0, r0, c0], size: [CI, B, OH, OW] })
          : s.run(
              'StridedSlice',
              { x: xT },
              {
                begin: [0, 0, r0, c0],
                end: [CI, B, r0 + (OH - 1) * sh + 1, c0 + (OW - 1) * sw + 1],
                strides: [1, 1, sh, sw],
                beginMask: 0,
                endMask: 0,
                ellipsisMask: 0,
                newAxisMask: 0,
                shrinkAxisMask: 0,
              },
            )
      taps.push(tap)
    }
  }
  const cols = taps.length === 1 ? taps[0]! : s.run('Concat', taps, { axis: 0 })
  return s.reshape(cols, [1, KH * KW * CI, N])
}

/**
 * Fills xs[(kw, ci), hp, (b, ow)] = x[b, hp - top, ow*sw + kw - left, ci] (zero outside x).
 * For each (hp, b) the source row of x stays in L1 while it is spread out, and
 * every write run (over ow) is contiguous.
 */
function fillShiftedColumns(
  xs: Float32Array, x: Float32Array,
  B: number, H: number, W: number, CI: number, KW: number, needH: number, OW: number, sw: number, top: number, left: number,
): void {
  const BOW = B * OW
  for (let hp = 0; hp < needH; hp++) {
    const h = hp - top
    for (let b = 0; b < B; b++) {
      const rowIn = (b * H + h) * W * CI
      for (let kw = 0; kw < KW; kw++) {
        for (let ci = 0; ci < CI; ci++) {
          const o = ((kw * CI + ci) * needH + hp) * BOW + b * OW
          if (h < 0 || h >= H) {
            for (let ow = 0; ow < OW; ow++) xs[o + ow] = 0
            continue
          }
          for (let ow = 0; ow < OW; ow++) {
            const w = ow * sw + kw - left
            xs[o + ow] = w >= 0 && w < W ? x[rowIn + w * CI + ci]! : 0
          }
        }
      }
    }
  }
}

/**
 * dW as a single XNNPACK convolution over rows only, with (b, ow) folded into
 * the channel axis:
 *   xs[(kw,ci), hp, 0, (b,ow)] = padded x[b, hp, ow*sw+kw, ci]
 *   f[oh, 0, (b,ow), co]       = dy[b, oh, ow, co]
 *   conv2d(xs, f, dilation = [sh, 1]) = [(kw,ci), KH, 1, CO]
 *                                     = sum over (b,oh,ow) of x[b, oh*sh+kh, ow*sw+kw, ci] * dy[b,oh,ow,co].
 * The contraction runs B*OW channels per indirection pointer, so XNNPACK's
 * indirect GEMM stays efficient even for a per-worker batch of 4, and no full
 * 9x im2col buffer is materialised (only KW shifted copies of x).
 */
export function conv2DBackpropFilterImpl(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { top, left } = info.padInfo
  const needH = (OH - 1) * sh + KH
  return withScope(backend, (s) => {
    const xs = s.track(
      produce(backend, [KW * CI, needH, 1, B * OW], [x], (out, [xv]) =>
        fillShiftedColumns(out, xv!, B, H, W, CI, KW, needH, OW, sw, top, left),
      ),
    )
    const f = s.track(produce(backend, [OH, 1, B * OW, CO], [dy], (out, [d]) => permute(d!, [B, OH, OW, CO], [1, 0, 2, 3], out)))
    const dWc = s.run(
      'Conv2D',
      { x: xs, filter: f },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, 1], dimRoundingMode: undefined as never },
    )
    // [KW, CI, KH, CO] -> [KH, KW, CI, CO]
    return produce(backend, [KH, KW, CI, CO], [dWc], (out, [d]) => permute(d!, [KW, CI, KH, CO], [2, 0, 1, 3], out))
  })
}

function conv2DBackpropFilter(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as {
    strides: number | [number, number]
    pad: backend_util.PadInfo['type'] | number | backend_util.ExplicitPadding
    dataFormat: 'NHWC' | 'NCHW'
    dimRoundingMode?: 'floor' | 'round' | 'ceil'
    filterShape: [number, number, number, number]
  }
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported')
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad as never,
    dimRoundingMode,
    false,
  )
  return conv2DBackpropFilterImpl(args.backend as WasmBackendLike, x, dy, info)
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelConfig['kernelFunc'],
}
