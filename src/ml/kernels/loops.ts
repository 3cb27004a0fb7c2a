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
