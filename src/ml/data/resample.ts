// Resizing for the model input: bilinear for intensities, nearest neighbour for label maps
// (interpolating labels would invent classes at edges). Pixel centres are aligned
// (half-pixel convention), as in most image libraries.

export function resizeBilinear(src: Float32Array, w: number, h: number, outW: number, outH: number): Float32Array {
  if (src.length !== w * h) throw new Error(`image has ${src.length} pixels, expected ${w}×${h}`)
  const out = new Float32Array(outW * outH)
  if (w === outW && h === outH) {
    out.set(src)
    return out
  }
  const sx = w / outW
  const sy = h / outH
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1)
    const y0 = Math.floor(fy)
    const y1 = Math.min(y0 + 1, h - 1)
    const dy = fy - y0
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1)
      const x0 = Math.floor(fx)
      const x1 = Math.min(x0 + 1, w - 1)
      const dx = fx - x0
      const top = src[y0 * w + x0] * (1 - dx) + src[y0 * w + x1] * dx
      const bottom = src[y1 * w + x0] * (1 - dx) + src[y1 * w + x1] * dx
      out[y * outW + x] = top * (1 - dy) + bottom * dy
    }
  }
  return out
}

export function resizeNearest<T extends Uint8Array | Float32Array>(src: T, w: number, h: number, outW: number, outH: number): T {
  if (src.length !== w * h) throw new Error(`label map has ${src.length} pixels, expected ${w}×${h}`)
  const out = new (src.constructor as { new (n: number): T })(outW * outH)
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(Math.floor(((y + 0.5) * h) / outH), h - 1)
    for (let x = 0; x < outW; x++) {
      const sx = Math.min(Math.floor(((x + 0.5) * w) / outW), w - 1)
      out[y * outW + x] = src[sy * w + sx]
    }
  }
  return out
}
