// DICOM pixel data → stored sample values in native byte order, one transfer syntax at a time:
//   uncompressed (LE, BE, deflated), 1-bit (segmentations), YBR_FULL_422 uncompressed,
//   RLE lossless (PS3.5 annex G: PackBits byte planes, a few lines, no library needed),
//   JPEG baseline 8-bit (jpeg-js, already a dependency).
// `readDicomPixels` also rewrites the header fields that describe the returned array
// (samples per pixel, planar configuration, bits), so the rescale step reads one layout.
import dicomParser from 'dicom-parser'
import jpeg from 'jpeg-js'
import type { DicomHeader } from './decode-dicom'
import { describeThrown, ImagingError } from './errors'

type DataSet = import('dicom-parser').DataSet
type Element = import('dicom-parser').Element
export type Stored = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array

export const UNCOMPRESSED_SYNTAXES = new Set([
  '1.2.840.10008.1.2', // implicit VR little endian
  '1.2.840.10008.1.2.1', // explicit VR little endian
  '1.2.840.10008.1.2.2', // explicit VR big endian (retired, still found)
  '1.2.840.10008.1.2.1.99', // deflated explicit VR little endian
])
export const RLE_SYNTAX = '1.2.840.10008.1.2.5'
export const JPEG_BASELINE_SYNTAX = '1.2.840.10008.1.2.4.50'
export const DECODABLE_SYNTAXES = new Set([...UNCOMPRESSED_SYNTAXES, RLE_SYNTAX, JPEG_BASELINE_SYNTAX])

export function readDicomPixels(ds: DataSet, h: DicomHeader, file: string): { values: Stored; compression: string } {
  const el = ds.elements.x7fe00010
  if (!el) throw new ImagingError('truncated_pixels', file, 'DICOM has no pixel data element (7FE0,0010)')
  if (h.transferSyntax === JPEG_BASELINE_SYNTAX) {
    if (h.bitsAllocated !== 8) throw new ImagingError('unsupported_datatype', file, `JPEG baseline DICOM with BitsAllocated ${h.bitsAllocated} is not supported`)
    const values = decodeJpegFrames(ds, el, h, file)
    h.samplesPerPixel = 1 // colour frames were reduced to luminance
    return { values, compression: 'jpeg-baseline' }
  }
  if (h.transferSyntax === RLE_SYNTAX) {
    const values = decodeRleFrames(ds, el, h, file)
    h.planarConfiguration = 0 // rebuilt interleaved
    return { values, compression: 'rle' }
  }
  if (el.encapsulatedPixelData) {
    throw new ImagingError('unsupported_transfer_syntax', file, `unsupported transfer syntax ${h.transferSyntax} (encapsulated pixel data)`)
  }
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset)
  const pixels = h.rows * h.columns * h.frames
  if (h.bitsAllocated === 1) {
    need(file, Math.ceil((pixels * h.samplesPerPixel) / 8), available)
    const values = unpackBits(ds.byteArray.subarray(el.dataOffset), pixels)
    h.bitsAllocated = 8
    h.bitsStored = 1
    h.signed = false
    return { values, compression: 'none' }
  }
  if (h.photometric === 'YBR_FULL_422' && h.samplesPerPixel === 3 && h.bitsAllocated === 8) {
    // Uncompressed 4:2:2: each pair of pixels is Y1 Y2 Cb Cr. The luma is the grey image.
    need(file, pixels * 2, available)
    const src = ds.byteArray.subarray(el.dataOffset, el.dataOffset + pixels * 2)
    const values = new Uint8Array(pixels)
    for (let i = 0, j = 0; i + 1 < pixels; i += 2, j += 4) { values[i] = src[j]; values[i + 1] = src[j + 1] }
    if (pixels % 2) values[pixels - 1] = src[(pixels - 1) * 2]
    h.samplesPerPixel = 1
    return { values, compression: 'none' }
  }
  need(file, pixels * h.samplesPerPixel * (h.bitsAllocated / 8), available)
  return { values: storedValues(ds.byteArray, el.dataOffset, h), compression: 'none' }
}

function need(file: string, bytes: number, available: number) {
  if (bytes > available) {
    throw new ImagingError('truncated_pixels', file, `DICOM pixel data is truncated: the image needs ${bytes} bytes, the file holds ${available}`)
  }
}

/** Typed view of the stored samples in native (little-endian) order; copies only to swap or align. */
function storedValues(byteArray: Uint8Array, offset: number, h: DicomHeader): Stored {
  const n = h.rows * h.columns * h.frames * h.samplesPerPixel
  const bytesPer = h.bitsAllocated / 8
  let src = byteArray.subarray(offset, offset + n * bytesPer)
  const bigEndian = h.transferSyntax === '1.2.840.10008.1.2.2'
  if ((bigEndian && bytesPer > 1) || (byteArray.byteOffset + offset) % bytesPer !== 0) {
    // A copy (Buffer#slice would be a view): the swap must not touch the caller's bytes.
    src = new Uint8Array(src)
    if (bigEndian && bytesPer === 2) for (let i = 0; i < src.length; i += 2) { const t = src[i]; src[i] = src[i + 1]; src[i + 1] = t }
    if (bigEndian && bytesPer === 4) for (let i = 0; i < src.length; i += 4) { let t = src[i]; src[i] = src[i + 3]; src[i + 3] = t; t = src[i + 1]; src[i + 1] = src[i + 2]; src[i + 2] = t }
  }
  return typedView(src, n, bytesPer, h.signed)
}

function typedView(src: Uint8Array, n: number, bytesPer: number, signed: boolean): Stored {
  const { buffer, byteOffset } = src
  if (bytesPer === 1) return signed ? new Int8Array(buffer, byteOffset, n) : src.subarray(0, n)
  if (bytesPer === 2) return signed ? new Int16Array(buffer, byteOffset, n) : new Uint16Array(buffer, byteOffset, n)
  return signed ? new Int32Array(buffer, byteOffset, n) : new Uint32Array(buffer, byteOffset, n)
}

/** 1-bit pixels, least significant bit first; frames follow each other bit by bit. */
function unpackBits(src: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (src[i >> 3] >> (i & 7)) & 1
  return out
}

/** The bytes of frame f: through the offset table when there is one, else one fragment per frame. */
function frameBytes(ds: DataSet, el: Element, h: DicomHeader, f: number): Uint8Array {
  const fragments = el.fragments ?? []
  if (el.basicOffsetTable && el.basicOffsetTable.length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, f)
  if (h.frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length)
  if (fragments.length === h.frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, f, 1)
  return dicomParser.readEncapsulatedImageFrame(ds, el, f, dicomParser.createJPEGBasicOffsetTable(ds, el))
}

/** Each encapsulated JPEG frame decoded with jpeg-js into one 8-bit grey buffer (luminance for colour). */
function decodeJpegFrames(ds: DataSet, el: Element, h: DicomHeader, file: string): Uint8Array {
  const n = h.rows * h.columns
  const out = new Uint8Array(n * h.frames)
  for (let f = 0; f < h.frames; f++) {
    let img: { width: number; height: number; data: Uint8Array }
    try {
      img = jpeg.decode(frameBytes(ds, el, h, f), { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 1000, maxMemoryUsageInMB: 4096 })
    } catch (e) {
      throw new ImagingError('corrupt', file, `DICOM JPEG frame ${f + 1} cannot be decoded (${describeThrown((e as { exception?: unknown })?.exception ?? e)})`, { cause: e })
    }
    if (img.width !== h.columns || img.height !== h.rows) {
      throw new ImagingError('corrupt', file, `DICOM JPEG frame ${f + 1} is ${img.width}×${img.height}, the header says ${h.columns}×${h.rows}`)
    }
    const d = img.data // 3 samples per pixel (jpeg-js converts YCbCr to RGB)
    const base = f * n
    if (h.samplesPerPixel === 3) for (let i = 0, j = 0; i < n; i++, j += 3) out[base + i] = 0.299 * d[j] + 0.587 * d[j + 1] + 0.114 * d[j + 2] + 0.5
    else for (let i = 0, j = 0; i < n; i++, j += 3) out[base + i] = d[j]
  }
  return out
}

/**
 * RLE lossless: each frame has a 64-byte header (segment count, 15 offsets) and one PackBits
 * segment per byte plane, most significant byte first, sample by sample. Rebuilt interleaved
 * and little-endian so the result is an ordinary typed array.
 */
function decodeRleFrames(ds: DataSet, el: Element, h: DicomHeader, file: string): Stored {
  const bytesPer = h.bitsAllocated / 8
  if (!Number.isInteger(bytesPer)) throw new ImagingError('unsupported_datatype', file, `RLE DICOM with BitsAllocated ${h.bitsAllocated} is not supported`)
  const spp = h.samplesPerPixel
  const n = h.rows * h.columns
  const frameSize = n * spp * bytesPer
  const out = new Uint8Array(frameSize * h.frames)
  for (let f = 0; f < h.frames; f++) {
    let frame: Uint8Array
    try {
      frame = frameBytes(ds, el, h, f)
    } catch (e) {
      throw new ImagingError('truncated_pixels', file, `DICOM RLE frame ${f + 1} cannot be read (${describeThrown(e)})`, { cause: e })
    }
    if (frame.length < 64) throw new ImagingError('truncated_pixels', file, `DICOM RLE frame ${f + 1} is shorter than its 64-byte header`)
    const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
    const segments = v.getUint32(0, true)
    if (segments !== spp * bytesPer) throw new ImagingError('corrupt', file, `DICOM RLE frame ${f + 1} has ${segments} segments, expected ${spp * bytesPer}`)
    for (let s = 0; s < segments; s++) {
      const start = v.getUint32(4 + 4 * s, true)
      const end = s + 1 < segments ? v.getUint32(8 + 4 * s, true) : frame.length
      if (start < 64 || end > frame.length || end < start) throw new ImagingError('corrupt', file, `DICOM RLE segment ${s + 1} of frame ${f + 1} lies outside the frame`)
      const sample = Math.floor(s / bytesPer)
      const byte = bytesPer - 1 - (s % bytesPer) // segment 0 holds the most significant bytes
      unpackBitsRle(frame, start, end, out, f * frameSize + sample * bytesPer + byte, spp * bytesPer, n)
    }
  }
  return typedView(out, n * spp * h.frames, bytesPer, h.signed)
}

/** PackBits: header n ≥ 0 copies n+1 bytes, n < 0 repeats the next byte 1−n times (−128 is a no-op). */
function unpackBitsRle(src: Uint8Array, pos: number, end: number, out: Uint8Array, at: number, step: number, count: number) {
  let k = 0
  while (pos < end && k < count) {
    const c = src[pos++]
    if (c < 128) {
      for (let j = 0; j <= c && pos < end && k < count; j++, k++) out[at + k * step] = src[pos++]
    } else if (c > 128) {
      const value = src[pos++]
      for (let j = 0; j < 257 - c && k < count; j++, k++) out[at + k * step] = value
    }
  }
}
