import type { backend_util } from '@tensorflow/tfjs'

/**
 * Plain typed-array loops for gradients that have no fast native building
 * block. NHWC layouts; `info` comes from backend_util.computeConv2DInfo.
 * Loops are ordered so the innermost index walks contiguous memory.
 */

/** dW for a regular conv: [KH, KW, CI, CO]. */
export function conv2dFilterGrad(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  const dW = new Float32Array(KH * KW * CI * CO)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyOff = ((b * OH + oh) * OW + ow) * CO
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * sh + kh * dh - top
          if (h < 0 || h >= H) continue
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * sw + kw * dw - left
            if (w < 0 || w >= W) continue
            const xOff = ((b * H + h) * W + w) * CI
            const wOff = (kh * KW + kw) * CI * CO
            for (let ci = 0; ci < CI; ci++) {
              const xv = x[xOff + ci]!
              if (xv === 0) continue // post-ReLU activations are mostly zero
              const row = wOff + ci * CO
              for (let co = 0; co < CO; co++) dW[row + co]! += xv * dy[dyOff + co]!
            }
          }
        }
      }
    }
  }
  return dW
}

/** dW for a depthwise conv: [KH, KW, C, M], dy has C*M channels. */
export function depthwiseFilterGrad(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  const M = CO / C
  const dW = new Float32Array(KH * KW * C * M)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyOff = ((b * OH + oh) * OW + ow) * CO
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * sh + kh * dh - top
          if (h < 0 || h >= H) continue
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * sw + kw * dw - left
            if (w < 0 || w >= W) continue
            const xOff = ((b * H + h) * W + w) * C
            const wOff = (kh * KW + kw) * C * M
            for (let c = 0; c < C; c++) {
              const xv = x[xOff + c]!
              for (let q = 0; q < M; q++) dW[wOff + c * M + q]! += xv * dy[dyOff + c * M + q]!
            }
          }
        }
      }
    }
  }
  return dW
}

/** dx for a depthwise conv: [B, H, W, C]. */
export function depthwiseInputGrad(dy: Float32Array, filter: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info
  const { filterHeight: KH, filterWidth: KW, strideHeight: sh, strideWidth: sw } = info
  const { dilationHeight: dh, dilationWidth: dw } = info
  const { top, left } = info.padInfo
  const M = CO / C
  const dx = new Float32Array(B * H * W * C)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyOff = ((b * OH + oh) * OW + ow) * CO
        for (let kh = 0; kh < KH; kh++) {
          const h = oh * sh + kh * dh - top
          if (h < 0 || h >= H) continue
          for (let kw = 0; kw < KW; kw++) {
            const w = ow * sw + kw * dw - left
            if (w < 0 || w >= W) continue
            const xOff = ((b * H + h) * W + w) * C
            const wOff = (kh * KW + kw) * C * M
            for (let c = 0; c < C; c++) {
              let acc = 0
              for (let q = 0; q < M; q++) acc += dy[dyOff + c * M + q]! * filter[wOff + c * M + q]!
              dx[xOff + c]! += acc
            }
          }
        }
      }
    }
  }
  return dx
}

/* MaxPool gradient. Hot loops are top-level functions over plain typed arrays so V8 compiles them tightly. */

/** Non-overlapping windows without padding (pool k, stride k, 'valid'): each input gets at most one dy. */
function maxPoolGradTiled(dx: Float32Array, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info
  const { filterHeight: KH, filterWidth: KW } = info
  const rowStride = W * C
  dx.fill(0)
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = ((b * H + oh * KH) * W + ow * KW) * C
        const dyBase = ((b * OH + oh) * OW + ow) * C
        if (KH === 2 && KW === 2) {
          // The U-Net's and CNN's pool: four taps unrolled (about 25% faster than the general loop).
          const p1 = base + C
          const p2 = base + rowStride
          const p3 = p2 + C
          for (let c = 0; c < C; c++) {
            let at = base + c
            let best = x[at]!
            let v = x[p1 + c]!
            if (v > best) {
              best = v
              at = p1 + c
            }
            v = x[p2 + c]!
            if (v > best) {
              best = v
              at = p2 + c
            }
            v = x[p3 + c]!
            if (v > best) at = p3 + c
            dx[at] = dy[dyBase + c]!
          }
          continue
        }
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

function maxPoolGradGeneral(dx: Float32Array, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): void {
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

/**
 * dx of a max pool: each dy goes to the first maximum of its window (strictly
 * greater wins, row-major window order, as tfjs's cpu kernel), accumulating
 * where windows overlap. The tiled path (window == stride, no padding) differs
 * from cpu only for windows holding nothing but -Infinity/NaN.
 */
export function maxPoolGradInto(dx: Float32Array, x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): void {
  const tiled =
    info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth && info.padInfo.top === 0 && info.padInfo.left === 0
  if (tiled) maxPoolGradTiled(dx, x, dy, info)
  else maxPoolGradGeneral(dx, x, dy, info)
}

/** Sums a row-major [reduced, n] array over its rows (float64 accumulators). */
export function sumLeadingInto(out: Float32Array, v: Float32Array, reduced: number, n: number): void {
  const acc = new Float64Array(n)
  for (let r = 0, o = 0; r < reduced; r++, o += n) for (let j = 0; j < n; j++) acc[j]! += v[o + j]!
  for (let j = 0; j < n; j++) out[j] = acc[j]!
}
