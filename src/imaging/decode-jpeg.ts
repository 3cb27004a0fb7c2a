// JPEG via jpeg-js (baseline and progressive, 8-bit). The frame header is read first so absurd
// sizes are refused before decoding, and a stream cut before its end-of-image marker is reported.
import jpeg from 'jpeg-js'
import { describeThrown, ImagingError } from './errors'
import { checkDims } from './io'
import { planeFromInterleaved, rasterSet } from './raster'
import type { DecodedImageSet, DecodeOptions } from './types'

interface JpegFrame {
  width: number
  height: number
  components: number
  precision: number
  scanAt: number
}

/** Walks the marker segments up to the first scan: frame size, components, and where the scan starts. */
export function readJpegFrame(bytes: Uint8Array, file: string): JpegFrame {
  let pos = 2
  let frame: Omit<JpegFrame, 'scanAt'> | null = null
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) throw new ImagingError('corrupt', file, `JPEG marker expected at byte ${pos}`)
    const marker = bytes[pos + 1]
    if (marker === 0xff) { pos++; continue }
    const len = (bytes[pos + 2] << 8) | bytes[pos + 3]
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isSof) {
      if (pos + 10 > bytes.length) break
      frame = { precision: bytes[pos + 4], height: (bytes[pos + 5] << 8) | bytes[pos + 6], width: (bytes[pos + 7] << 8) | bytes[pos + 8], components: bytes[pos + 9] }
    }
    if (marker === 0xda) {
      if (!frame) throw new ImagingError('corrupt', file, 'JPEG scan starts before any frame header')
      return { ...frame, scanAt: pos }
    }
    pos += 2 + len
  }
  throw new ImagingError('truncated_header', file, `JPEG header is truncated (${bytes.length} bytes, no image scan found)`)
}

export function decodeJpeg(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const frame = readJpegFrame(bytes, file)
  checkDims(file, [frame.width, frame.height], { maxVoxels: opts.maxVoxels })
  // Every 8×8 block costs at least a couple of bits, so ≤ 256 pixels per byte; far beyond that the header is damaged.
  if (frame.width * frame.height > bytes.length * 1024) {
    throw new ImagingError('bad_dims', file, `JPEG header claims ${frame.width}×${frame.height} pixels, impossible in a ${bytes.length}-byte file`)
  }
  if (frame.precision !== 8) throw new ImagingError('unsupported_datatype', file, `${frame.precision}-bit JPEG is not supported (8-bit only)`)
  if (!hasEndMarkerAfter(bytes, frame.scanAt)) {
    throw new ImagingError('truncated_pixels', file, 'JPEG pixel data is truncated (no end-of-image marker)')
  }
  let img: { width: number; height: number; data: Uint8Array }
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 1000, maxMemoryUsageInMB: 4096 })
  } catch (e) {
    throw new ImagingError('corrupt', file, `JPEG cannot be decoded (${describeThrown(e)})`, { cause: e })
  }
  // jpeg-js returns 3 samples per pixel even for grey JPEGs (R = G = B).
  const pixels = planeFromInterleaved(img.data, img.width, img.height, 3, frame.components >= 3)
  return rasterSet('jpeg', file, [{ width: img.width, height: img.height, pixels }], 'uint8', { channels: frame.components })
}

function hasEndMarkerAfter(bytes: Uint8Array, from: number): boolean {
  // In entropy-coded data 0xFF is always stuffed, so FF D9 there is the real end marker.
  for (let i = bytes.length - 2; i > from; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true
  return false
}
