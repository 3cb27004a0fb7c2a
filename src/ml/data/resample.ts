// Resizing for the model input: bilinear for intensities, nearest neighbour for label maps
// (interpolating labels would invent classes at edges). The implementation is the imaging
// module's (pixel centres aligned); this wrapper only checks sizes, since a wrong size there
// would read past the array silently.
import * as imaging from '../../imaging/resample'

export function resizeBilinear(src: Float32Array, w: number, h: number, outW: number, outH: number): Float32Array {
  if (src.length !== w * h) throw new Error(`image has ${src.length} pixels, expected ${w}×${h}`)
  return imaging.resizeBilinear(src, w, h, outW, outH)
}

export function resizeNearest<T extends Uint8Array | Float32Array>(src: T, w: number, h: number, outW: number, outH: number): T {
  if (src.length !== w * h) throw new Error(`label map has ${src.length} pixels, expected ${w}×${h}`)
  return imaging.resizeNearest(src, w, h, outW, outH)
}
