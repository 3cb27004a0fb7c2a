// Helpers shared by the 2D raster decoders (PNG, JPEG, TIFF): interleaved samples → one grey plane.
// Colour images become luminance (ITU-R BT.601 weights, as PIL's 'L' mode) because every RadLab
// tool works on one channel; the channel count is kept in meta so nothing is silently hidden.
import type { DecodedImageSet, DecodedPlane, ImageFormat } from './types'

type Samples = Uint8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array | Uint8ClampedArray

/**
 * Grey plane from interleaved samples. `stride` is samples per pixel in `data`, `colour` says whether
 * the first three are R, G, B (else the first is grey and the rest, e.g. alpha, are ignored).
 */
export function planeFromInterleaved(data: Samples, width: number, height: number, stride: number, colour: boolean): Float32Array {
  const n = width * height
  const out = new Float32Array(n)
  if (stride === 1) {
    out.set(data.subarray(0, n))
  } else if (!colour) {
    for (let i = 0, j = 0; i < n; i++, j += stride) out[i] = data[j]
  } else {
    for (let i = 0, j = 0; i < n; i++, j += stride) out[i] = 0.299 * data[j] + 0.587 * data[j + 1] + 0.114 * data[j + 2]
  }
  return out
}

export function rasterSet(
  format: ImageFormat,
  file: string,
  planes: DecodedPlane[],
  dtype: string,
  meta: DecodedImageSet['meta'],
  warnings: string[] = [],
  spacing?: number[],
): DecodedImageSet {
  const { width, height } = planes[0]
  return {
    format,
    file,
    dims: planes.length > 1 ? [width, height, planes.length] : [width, height],
    spacing: spacing ?? (planes.length > 1 ? [1, 1, 1] : [1, 1]),
    dtype,
    slope: 1,
    intercept: 0,
    window: null,
    planes,
    warnings,
    meta,
  }
}
