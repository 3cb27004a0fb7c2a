import { backend_util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { produce } from './heap'
import type { WasmBackendLike } from './kernelScope'

/**
 * MaxPool gradient: route each dy to the first maximum of its window (same
 * tie rule as the cpu backend: strictly greater wins, row-major window order),
 * accumulating where windows overlap. tfjs-wasm's own kernel is a scalar loop
 * slower than the conv next to it. Hot loops are top-level functions over
 * plain typed arrays so V8 compiles them tightly.
 */

/** Non-overlapping windows without padding (pool k, stride k, 'valid'): each input gets at most one dy. */
function tiledGrad(dx: Float32Array, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info
  const { filterHeight: KH, filterWidth: KW } = info
  const rowStride = W * C
  dx.fill(0)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = ((b * H + oh * KH) * W + ow * KW) * C
        const dyBase = ((b * OH + oh) * OW + ow) * C
        for (let c = 0; c < C; c++) {
          let at = base + c
          let best = x[at]!
          for (let kh = 0; kh < KH; kh++) {
            let p = base + kh * rowStride + c
            for (let kw = 0; kw < KW; kw++, p += C) {
              if (x[p]! > best) {
                best = x[p]!
                at = p
              }
            }
          }
          dx[at] = dy[dyBase + c]!
        }
      }
    }
  }
}

function generalGrad(dx: Float32Array, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { top, left } = info.padInfo
  dx.fill(0)
  const best = new Float32Array(C)
  const at = new Int32Array(C)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        best.fill(-Infinity)
        at.fill(-1)
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * sh + kh - top
          if (h < 0 || h >= H) continue
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * sw + kw - left
            if (w < 0 || w >= W) continue
            const base = ((b * H + h) * W + w) * C
            for (let c = 0; c < C; c++) {
              const v = x[base + c]!
              if (v > best[c]!) {
                best[c] = v
                at[c] = base + c
              }
            }
          }
        }
        const dyBase = ((b * OH + oh) * OW + ow) * C
        for (let c = 0; c < C; c++) {
          const i = at[c]!
          if (i >= 0) dx[i]! += dy[dyBase + c]!
        }
      }
    }
  }
}

function maxPoolGrad(args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { dy, input } = args.inputs
  const a = args.attrs as unknown as {
    filterSize: number | [number, number]
    strides: number | [number, number]
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
    dimRoundingMode?: 'floor' | 'round' | 'ceil'
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad as never, a.dimRoundingMode,
  )
  const tiled =
    info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth && info.padInfo.top === 0 && info.padInfo.left === 0
  // The tiled path differs from cpu only for windows holding nothing but -Infinity/NaN (cpu drops their dy, this routes it to the first tap).
  return produce(args.backend as WasmBackendLike, input.shape, [input, dy], (dx, [x, d]) =>
    tiled ? tiledGrad(dx, x!, d!, info) : generalGrad(dx, x!, d!, info),
  )
}

export const wasmMaxPoolGradConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelConfig['kernelFunc'],
}
