// Chooses the smallest lossless storage type for a plane's rescaled values and packs it.
import type { PixelDType } from '../../shared/domain'

export interface PackedPixels {
  dtype: PixelDType
  bytes: Uint8Array
  min: number
  max: number
}

export function packPixels(values: Float32Array): PackedPixels {
  let min = Infinity
  let max = -Infinity
  let integral = true
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v < min) min = v
    if (v > max) max = v
    if (integral && v !== Math.round(v)) integral = false
  }
  if (values.length === 0) { min = 0; max = 0 }
  if (!Number.isFinite(min) || !Number.isFinite(max)) integral = false
  let typed: Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array
  let dtype: PixelDType
  if (integral && min >= 0 && max <= 255) { typed = new Uint8Array(values.length); typed.set(values); dtype = 'uint8' }
  else if (integral && min >= 0 && max <= 65535) { typed = new Uint16Array(values.length); typed.set(values); dtype = 'uint16' }
  else if (integral && min >= -32768 && max <= 32767) { typed = new Int16Array(values.length); typed.set(values); dtype = 'int16' }
  else if (integral && min >= -2147483648 && max <= 2147483647) { typed = new Int32Array(values.length); typed.set(values); dtype = 'int32' }
  else { typed = values; dtype = 'float32' }
  return { dtype, bytes: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 }
}

export type StoredTypedArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array

/** Views the stored bytes as their typed array (copying only when the buffer is misaligned). */
export function unpackPixels(dtype: string, data: Uint8Array): StoredTypedArray {
  const aligned = data.byteOffset % 4 === 0 ? data : new Uint8Array(data)
  const { buffer, byteOffset, byteLength } = aligned
  switch (dtype) {
    case 'uint8': return new Uint8Array(buffer, byteOffset, byteLength)
    case 'uint16': return new Uint16Array(buffer, byteOffset, byteLength / 2)
    case 'int16': return new Int16Array(buffer, byteOffset, byteLength / 2)
    case 'int32': return new Int32Array(buffer, byteOffset, byteLength / 4)
    case 'float32': return new Float32Array(buffer, byteOffset, byteLength / 4)
    default: throw new Error(`unknown stored pixel type ${dtype}`)
  }
}
