import { backend_util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { permute, produce } from './heap'
import { inScope, KernelScope, type WasmBackendLike } from './kernelScope'
import { winogradFilterGrad } from './winogradConv'

/**
 * Fills xs[(kw, ci), r, (b, ow)] = x[b, hp0 + r - top, ow*sw + kw - left, ci]
 * for r in [0, rows), zero outside x. For each (row, b) the source row of x
 * stays in L1 while it is spread out, and every write run (over ow) is
 * contiguous; the valid ow range is computed once so the copy loop has no
 * bounds checks.
 */
function fillShiftedColumns(
  xs: Float32Array, x: Float32Array, hp0: number, rows: number,
  B: number, H: number, W: number, CI: number, KW: number, OW: number, sw: number, top: number, left: number,
): void {
  const BOW = B * OW
  for (let r = 0; r < rows; r++) {
    const h = hp0 + r - top
    if (h < 0 || h >= H) {
      for (let p = 0; p < KW * CI; p++) xs.fill(0, (p * rows + r) * BOW, (p * rows + r + 1) * BOW)
      continue
    }
    for (let b = 0; b < B; b++) {
      const rowIn = (b * H + h) * W * CI
      for (let kw = 0; kw < KW; kw++) {
        const owStart = Math.min(OW, Math.max(0, Math.ceil((left - kw) / sw)))
        const owEnd = Math.max(owStart, Math.min(OW, Math.floor((W - 1 + left - kw) / sw) + 1))
        const step = sw * CI
        for (let ci = 0; ci < CI; ci++) {
          const o = ((kw * CI + ci) * rows + r) * BOW + b * OW
          for (let ow = 0; ow < owStart; ow++) xs[o + ow] = 0
          let src = rowIn + (owStart * sw + kw - left) * CI + ci
          for (let ow = owStart; ow < owEnd; ow++, src += step) xs[o + ow] = x[src]!
          for (let ow = owEnd; ow < OW; ow++) xs[o + ow] = 0
        }
      }
    }
  }
}

/** f[r, 0, (b, ow), co] = dy[b, oh0 + r, ow, co]: contiguous OW*CO runs. */
function fillDyRows(f: Float32Array, dy: Float32Array, oh0: number, rows: number, B: number, OH: number, OW: number, CO: number): void {
  const run = OW * CO
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < B; b++) {
      const src = (b * OH + oh0 + r) * run
      f.set(dy.subarray(src, src + run), (r * B + b) * run)
    }
  }
}

/**
 * dW = im2col(x)^T · dy as one XNNPACK fully-connected op (tfjs-wasm sends a
 * matmul to XNNPACK only with no transposes and batch 1, so the im2col matrix
 * is built already transposed: [KH*KW*CI, contraction]). The contraction
 * index is ordered (oh, b, ow): then every im2col row (kh, kw, ci) is a run of
 * whole rows of the shifted copy xs, copied with set().
 */
export function conv2DBackpropFilterFc(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { top, left } = info.padInfo
  const BOW = B * OW
  const needH = (OH - 1) * sh + KH
  const K = KH * KW * CI
  // The im2col matrix is 9x the input: build it in slices of output rows so the wasm heap (which never shrinks) stays small.
  const chunkRows = Math.max(1, Math.min(OH, Math.floor(FC_MAX_COLS_FLOATS / (K * BOW))))
  const acc = chunkRows < OH ? new Float32Array(K * CO) : null
  const s = new KernelScope(backend)
  try {
    const xs = s.track(
      produce(backend, [KW * CI, needH, 1, BOW], [x], (out, [xv]) => fillShiftedColumns(out, xv!, 0, needH, B, H, W, CI, KW, OW, sw, top, left)),
    )
    for (let oh0 = 0; oh0 < OH; oh0 += chunkRows) {
      const rows = Math.min(chunkRows, OH - oh0)
      const n = rows * BOW
      const cols = produce(backend, [1, K, n], [xs], (out, [xv]) => {
        for (let kh = 0; kh < KH; kh++) {
          for (let p = 0; p < KW * CI; p++) {
            const dst = (kh * KW * CI + p) * n
            const plane = p * needH * BOW
            if (sh === 1) {
              const src = plane + (oh0 + kh) * BOW
              out.set(xv!.subarray(src, src + n), dst)
            } else {
              for (let r = 0; r < rows; r++) {
                const src = plane + ((oh0 + r) * sh + kh) * BOW
                out.set(xv!.subarray(src, src + BOW), dst + r * BOW)
              }
            }
          }
        }
      })
      const f = produce(backend, [1, n, CO], [dy], (out, [d]) => fillDyRows(out, d!, oh0, rows, B, OH, OW, CO))
      let part: TensorInfo
      try {
        part = s.run('BatchMatMul', { a: cols, b: f }, { transposeA: false, transposeB: false })
      } finally {
        // Free this slice before building the next one.
        backend.disposeData(cols.dataId)
        backend.disposeData(f.dataId)
      }
      // Matmul rows are ordered (kh, kw, ci): already the filter layout.
      if (!acc) return s.keep(s.reshape(part, [KH, KW, CI, CO]))
      const p = backend.typedArrayFromHeap(part) as Float32Array
      for (let i = 0; i < acc.length; i++) acc[i]! += p[i]!
    }
  } finally {
    s.dispose()
  }
  return produce(backend, [KH, KW, CI, CO], [], (out) => out.set(acc!))
}

/** Largest im2col slice (floats) conv2DBackpropFilterFc materialises at once: 8 MB. */
const FC_MAX_COLS_FLOATS = 2 * 1024 * 1024

/**
 * Which formulation is faster, measured (CPU time) on the reference CNN and
 * U-Net layers at per-worker batches 4-64: the fully-connected one, except on
 * large feature maps (128x128) with more than a few input channels, where the
 * full im2col copy costs more than the row-conv's weaker GEMM shape.
 */
function preferFullyConnected(info: backend_util.Conv2DInfo): boolean {
  return info.filterHeight * info.filterWidth * info.inChannels <= 32 || info.outHeight * info.outWidth < 8192
}

/** Floats of packed "filter" (dy rows) per row-conv chunk, so XNNPACK re-reads it from L2. */
const CHUNK_WEIGHT_FLOATS = 128 * 1024

/**
 * dW as XNNPACK convolutions over rows only, with (b, ow) folded into the
 * channel axis:
 *   xs[(kw,ci), hp, 0, (b,ow)] = padded x[b, hp, ow*sw+kw, ci]
 *   f[oh, 0, (b,ow), co]       = dy[b, oh, ow, co]
 *   conv2d(xs, f, dilation = [sh, 1]) = [(kw,ci), KH, 1, CO]
 *                                     = sum over (b,oh,ow) of x[b, oh*sh+kh, ow*sw+kw, ci] * dy[b,oh,ow,co].
 * Each indirection pointer covers B*OW channels, so the indirect GEMM stays
 * efficient for small per-worker batches. The contraction is huge (B*OH*OW)
 * and XNNPACK re-reads the packed filter once per output-row tile, so the oh
 * range is split into chunks whose filter fits in L2, and the partial sums
 * are added here.
 */
export function conv2DBackpropFilterRowConv(backend: WasmBackendLike, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { top, left } = info.padInfo
  const BOW = B * OW
  const chunkRows = Math.max(1, Math.min(OH, Math.floor(CHUNK_WEIGHT_FLOATS / (BOW * CO))))
  const acc = new Float32Array(KW * CI * KH * CO)
  for (let oh0 = 0; oh0 < OH; oh0 += chunkRows) {
    const rows = Math.min(chunkRows, OH - oh0)
    const inRows = (rows - 1) * sh + KH
    inScope(backend, (s) => {
      const xs = s.track(
        produce(backend, [KW * CI, inRows, 1, BOW], [x], (out, [xv]) =>
          fillShiftedColumns(out, xv!, oh0 * sh, inRows, B, H, W, CI, KW, OW, sw, top, left),
        ),
      )
      const f = s.track(produce(backend, [rows, 1, BOW, CO], [dy], (out, [d]) => fillDyRows(out, d!, oh0, rows, B, OH, OW, CO)))
      const part = s.run(
        'Conv2D',
        { x: xs, filter: f },
        { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, 1], dimRoundingMode: undefined as never },
      )
      const p = backend.typedArrayFromHeap(part) as Float32Array
      for (let i = 0; i < acc.length; i++) acc[i]! += p[i]!
    })
  }
  // [KW, CI, KH, CO] -> [KH, KW, CI, CO]
  return produce(backend, [KH, KW, CI, CO], [], (out) => permute(acc, [KW, CI, KH, CO], [2, 0, 1, 3], out))
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
  const backend = args.backend as WasmBackendLike
  const wino = winogradFilterGrad(backend, x, dy, info)
  if (wino) return wino
  return preferFullyConnected(info)
    ? conv2DBackpropFilterFc(backend, x, dy, info)
    : conv2DBackpropFilterRowConv(backend, x, dy, info)
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelConfig['kernelFunc'],
}
