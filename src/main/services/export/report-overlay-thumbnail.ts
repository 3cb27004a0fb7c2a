// A case thumbnail for the report: the image (windowed to grey) with the ground truth outlined in
// green and the prediction in red (yellow where both outlines coincide), as a PNG.
import { PNG } from 'pngjs'
import { resizeBilinear, resizeNearest, toGrey8 } from '../../../imaging'

function outline(mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x
      if (!mask[i]) continue
      if (x === 0 || y === 0 || x === w - 1 || y === h - 1 || !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w]) out[i] = 1
    }
  }
  return out
}

export function overlayThumbnailPng(
  pixels: Float32Array, width: number, height: number, window: { center: number; width: number } | null,
  truth: Uint8Array | null, pred: Uint8Array | null, side = 160,
): Buffer {
  const scale = side / Math.max(width, height)
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  const grey = toGrey8(resizeBilinear(pixels, width, height, w, h), window)
  const t = truth ? outline(resizeNearest(truth, width, height, w, h), w, h) : null
  const p = pred ? outline(resizeNearest(pred, width, height, w, h), w, h) : null
  const png = new PNG({ width: w, height: h })
  for (let i = 0; i < w * h; i++) {
    let r = grey[i], g = grey[i], b = grey[i]
    const inT = t?.[i] === 1, inP = p?.[i] === 1
    if (inT && inP) { r = 255; g = 220; b = 0 } else if (inT) { r = 0; g = 220; b = 60 } else if (inP) { r = 255; g = 40; b = 40 }
    png.data[4 * i] = r; png.data[4 * i + 1] = g; png.data[4 * i + 2] = b; png.data[4 * i + 3] = 255
  }
  return PNG.sync.write(png)
}
