// Resizing: bilinear for images, nearest for label maps (never invents label values), and an
// area average for thumbnails (no aliasing when shrinking a 512² slice to 128²).

export function fitSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) }
}

/** Bilinear, pixel centres aligned (as OpenCV / PIL). */
export function resizeBilinear(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const out = new Float32Array(dw * dh)
  const sx = sw / dw
  const sy = sh / dh
  // Column lookups computed once per call, not per pixel.
  const x0s = new Int32Array(dw)
  const x1s = new Int32Array(dw)
  const fxs = new Float32Array(dw)
  for (let x = 0; x < dw; x++) {
    let fx = (x + 0.5) * sx - 0.5
    if (fx < 0) fx = 0
    const x0 = Math.min(fx | 0, sw - 1)
    x0s[x] = x0
    x1s[x] = Math.min(x0 + 1, sw - 1)
    fxs[x] = fx - x0
  }
  for (let y = 0; y < dh; y++) {
    let fy = (y + 0.5) * sy - 0.5
    if (fy < 0) fy = 0
    const y0 = Math.min(fy | 0, sh - 1)
    const y1 = Math.min(y0 + 1, sh - 1)
    const wy = fy - y0
    const r0 = y0 * sw
    const r1 = y1 * sw
    for (let x = 0, k = y * dw; x < dw; x++, k++) {
      const wx = fxs[x]
      const top = src[r0 + x0s[x]] * (1 - wx) + src[r0 + x1s[x]] * wx
      const bottom = src[r1 + x0s[x]] * (1 - wx) + src[r1 + x1s[x]] * wx
      out[k] = top * (1 - wy) + bottom * wy
    }
  }
  return out
}

/** Nearest neighbour, for label maps. */
export function resizeNearest<T extends Uint8Array | Float32Array>(src: T, sw: number, sh: number, dw: number, dh: number): T {
  const out = new (src.constructor as { new (n: number): T })(dw * dh)
  const xs = new Int32Array(dw)
  for (let x = 0; x < dw; x++) xs[x] = Math.min(sw - 1, Math.floor(((x + 0.5) * sw) / dw))
  for (let y = 0; y < dh; y++) {
    const row = Math.min(sh - 1, Math.floor(((y + 0.5) * sh) / dh)) * sw
    for (let x = 0, k = y * dw; x < dw; x++, k++) out[k] = src[row + xs[x]]
  }
  return out
}

/** Area average for shrinking: each source pixel adds to the destination pixel it falls in. */
export function downscaleArea(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  if (dw >= sw && dh >= sh) return dw === sw && dh === sh ? src.slice() : resizeBilinear(src, sw, sh, dw, dh)
  const sum = new Float64Array(dw * dh)
  const count = new Uint32Array(dw * dh)
  const xs = new Int32Array(sw)
  for (let x = 0; x < sw; x++) xs[x] = Math.min(dw - 1, Math.floor((x * dw) / sw))
  for (let y = 0; y < sh; y++) {
    const row = Math.min(dh - 1, Math.floor((y * dh) / sh)) * dw
    for (let x = 0, i = y * sw; x < sw; x++, i++) {
      const v = src[i]
      if (v === v) {
        sum[row + xs[x]] += v
        count[row + xs[x]]++
      }
    }
  }
  const out = new Float32Array(dw * dh)
  for (let i = 0; i < out.length; i++) out[i] = count[i] ? sum[i] / count[i] : 0
  return out
}
