// DICOM via dicom-parser: uncompressed transfer syntaxes (implicit/explicit little endian,
// explicit big endian, deflated) and 8-bit JPEG baseline (jpeg-js). Other compressed syntaxes
// (JPEG lossless, JPEG-LS, JPEG 2000, RLE) are refused with their UID.
// Patient names and other identifying tags are never read; PatientID is returned raw for the
// caller to hash into a pseudonymous key.
import dicomParser from 'dicom-parser'
import jpeg from 'jpeg-js'
import { inflateRawSync } from 'node:zlib'
import { describeThrown, ImagingError } from './errors'
import { checkDims } from './io'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

type DataSet = import('dicom-parser').DataSet

export const UNCOMPRESSED_SYNTAXES = new Set([
  '1.2.840.10008.1.2', // implicit VR little endian
  '1.2.840.10008.1.2.1', // explicit VR little endian
  '1.2.840.10008.1.2.2', // explicit VR big endian (retired, still found)
  '1.2.840.10008.1.2.1.99', // deflated explicit VR little endian
])

/** JPEG baseline (8-bit): jpeg-js, already a dependency, decodes it at no cost. Other codecs are refused. */
export const JPEG_BASELINE_SYNTAXES = new Set(['1.2.840.10008.1.2.4.50'])

export interface DicomHeader {
  file: string
  transferSyntax: string
  rows: number
  columns: number
  frames: number
  bitsAllocated: number
  bitsStored: number
  signed: boolean
  samplesPerPixel: number
  planarConfiguration: number
  photometric: string
  slope: number
  intercept: number
  window: { center: number; width: number } | null
  pixelSpacing: [number, number] | null // [row spacing (y), column spacing (x)]
  sliceThickness?: number
  imagePosition?: number[]
  imageOrientation?: number[]
  instanceNumber?: number
  modality?: string
  patientId?: string
  studyUid?: string
  seriesUid?: string
  sopInstanceUid?: string
  seriesDescription?: string
}

function thrownText(e: unknown): string {
  const ex = (e as { exception?: unknown })?.exception
  return describeThrown(ex ?? e)
}

/** Parses the data set; `headerOnly` stops before the pixel data (series grouping reads many files). */
export function parseDicomBytes(bytes: Uint8Array, file: string, headerOnly = false): DataSet {
  if (bytes.length < 132 || bytes[128] !== 0x44 || bytes[129] !== 0x49 || bytes[130] !== 0x43 || bytes[131] !== 0x4d) {
    throw new ImagingError('bad_magic', file, 'not a DICOM Part 10 file (no "DICM" at byte 128)')
  }
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    return dicomParser.parseDicom(buf, {
      ...(headerOnly ? { untilTag: 'x7fe00010' } : {}),
      inflater: (arr: Uint8Array, position: number) => {
        const inflated = inflateRawSync(arr.subarray(position))
        const full = Buffer.alloc(position + inflated.length)
        full.set(arr.subarray(0, position), 0)
        full.set(inflated, position)
        return full
      },
    } as import('dicom-parser').ParseDicomOptions)
  } catch (e) {
    const partial = (e as { dataSet?: DataSet })?.dataSet
    const headerRead = partial?.elements?.x00280010 !== undefined && partial?.elements?.x00280011 !== undefined
    if (headerRead && !headerOnly) {
      throw new ImagingError('truncated_pixels', file, `DICOM pixel data is truncated (${thrownText(e)})`, { cause: e })
    }
    throw new ImagingError('truncated_header', file, `DICOM header is truncated or corrupt (${thrownText(e)})`, { cause: e })
  }
}

function num(ds: DataSet, tag: string, index = 0): number | undefined {
  const v = ds.floatString(tag, index)
  return v === undefined || Number.isNaN(v) ? undefined : v
}

function str(ds: DataSet, tag: string): string | undefined {
  const v = ds.string(tag)
  return v === undefined || v === '' ? undefined : v
}

function multi(ds: DataSet, tag: string, count: number): number[] | undefined {
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    const v = num(ds, tag, i)
    if (v === undefined) return undefined
    out.push(v)
  }
  return out
}

export function readDicomHeader(ds: DataSet, file: string): DicomHeader {
  const rows = ds.uint16('x00280010')
  const columns = ds.uint16('x00280011')
  if (rows === undefined || columns === undefined) {
    throw new ImagingError('unsupported_format', file, 'DICOM has no Rows/Columns (0028,0010/0011): not an image (a report, DICOMDIR or presentation state?)')
  }
  const slope = num(ds, 'x00281053')
  const wc = num(ds, 'x00281050')
  const ww = num(ds, 'x00281051')
  const ps = multi(ds, 'x00280030', 2) ?? multi(ds, 'x00181164', 2)
  const bitsAllocated = ds.uint16('x00280100') ?? 16
  return {
    file,
    transferSyntax: (str(ds, 'x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim(),
    rows,
    columns,
    frames: ds.intString('x00280008') || 1,
    bitsAllocated,
    bitsStored: ds.uint16('x00280101') ?? bitsAllocated,
    signed: ds.uint16('x00280103') === 1,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    planarConfiguration: ds.uint16('x00280006') ?? 0,
    photometric: (str(ds, 'x00280004') ?? 'MONOCHROME2').trim(),
    // A slope of 0 would erase the image; it only ever means "missing".
    slope: slope === undefined || slope === 0 ? 1 : slope,
    intercept: num(ds, 'x00281052') ?? 0,
    window: wc !== undefined && ww !== undefined && ww > 0 ? { center: wc, width: ww } : null,
    pixelSpacing: ps && ps[0] > 0 && ps[1] > 0 ? [ps[0], ps[1]] : null,
    sliceThickness: num(ds, 'x00180050'),
    imagePosition: multi(ds, 'x00200032', 3),
    imageOrientation: multi(ds, 'x00200037', 6),
    instanceNumber: ds.intString('x00200013'),
    modality: str(ds, 'x00080060'),
    patientId: str(ds, 'x00100020'),
    studyUid: str(ds, 'x0020000d'),
    seriesUid: str(ds, 'x0020000e'),
    sopInstanceUid: str(ds, 'x00080018'),
    seriesDescription: str(ds, 'x0008103e'),
  }
}

export function decodeDicom(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const ds = parseDicomBytes(bytes, file)
  const h = readDicomHeader(ds, file)
  const jpegBaseline = JPEG_BASELINE_SYNTAXES.has(h.transferSyntax) && h.bitsAllocated === 8
  if (!UNCOMPRESSED_SYNTAXES.has(h.transferSyntax) && !jpegBaseline) {
    throw new ImagingError('unsupported_transfer_syntax', file, `unsupported transfer syntax ${h.transferSyntax} (compressed pixel data)`)
  }
  if (![8, 16, 32].includes(h.bitsAllocated)) {
    throw new ImagingError('unsupported_datatype', file, `DICOM BitsAllocated ${h.bitsAllocated} is not supported (8, 16 or 32)`)
  }
  if (h.samplesPerPixel !== 1 && h.samplesPerPixel !== 3) {
    throw new ImagingError('unsupported_datatype', file, `DICOM SamplesPerPixel ${h.samplesPerPixel} is not supported (1 or 3)`)
  }
  const el = ds.elements.x7fe00010
  if (!el) throw new ImagingError('truncated_pixels', file, 'DICOM has no pixel data element (7FE0,0010)')
  if (el.encapsulatedPixelData && !jpegBaseline) {
    throw new ImagingError('unsupported_transfer_syntax', file, `unsupported transfer syntax ${h.transferSyntax} (encapsulated pixel data)`)
  }
  const bytesPer = h.bitsAllocated / 8
  const frameDims = h.frames > 1 ? [h.columns, h.rows, h.frames] : [h.columns, h.rows]
  let values: Stored
  if (jpegBaseline) {
    checkDims(file, frameDims, { maxVoxels: opts.maxVoxels, what: 'DICOM image size' })
    values = decodeJpegFrames(ds, el, h, file)
    h.samplesPerPixel = 1 // colour frames were reduced to luminance
  } else {
    const available = Math.min(el.length, ds.byteArray.length - el.dataOffset)
    checkDims(file, frameDims, { maxVoxels: opts.maxVoxels, bytesPerVoxel: bytesPer * h.samplesPerPixel, available, what: 'DICOM image size' })
    values = storedValues(ds.byteArray, el.dataOffset, h)
  }
  const framePixels = h.rows * h.columns
  const planes: DecodedPlane[] = []
  const [lo, hi] = storedRange(h)
  const invert = h.photometric === 'MONOCHROME1'
  const flipSum = lo * h.slope + h.intercept + (hi * h.slope + h.intercept)
  for (let f = 0; f < h.frames; f++) {
    const out = new Float32Array(framePixels)
    const base = f * framePixels * h.samplesPerPixel
    fillRescaled(out, values, base, h)
    // MONOCHROME1 shows low values bright; mirror within the stored range so bright = high, as everywhere else.
    if (invert) for (let i = 0; i < framePixels; i++) out[i] = flipSum - out[i]
    planes.push({ width: h.columns, height: h.rows, pixels: out, sliceIndex: f, ...(h.imagePosition && f === 0 ? { position: h.imagePosition } : {}) })
  }
  const window = h.window && invert ? { center: flipSum - h.window.center, width: h.window.width } : h.window
  const xy = h.pixelSpacing ? [h.pixelSpacing[1], h.pixelSpacing[0]] : [1, 1]
  return {
    format: 'dicom',
    file,
    dims: frameDims,
    spacing: h.frames > 1 ? [...xy, h.sliceThickness ?? 1] : xy,
    dtype: `${h.signed ? 'int' : 'uint'}${h.bitsAllocated}`,
    slope: h.slope,
    intercept: h.intercept,
    window,
    planes,
    warnings: h.pixelSpacing ? [] : ['no PixelSpacing: spacing assumed 1 mm'],
    meta: {
      modality: h.modality,
      patientId: h.patientId,
      studyUid: h.studyUid,
      seriesUid: h.seriesUid,
      sopInstanceUid: h.sopInstanceUid,
      seriesDescription: h.seriesDescription,
      instanceNumber: h.instanceNumber,
      imagePosition: h.imagePosition,
      imageOrientation: h.imageOrientation,
      sliceThickness: h.sliceThickness,
      photometric: h.photometric,
      channels: h.samplesPerPixel,
      transferSyntax: h.transferSyntax,
      compression: jpegBaseline ? 'jpeg-baseline' : 'none',
      inverted: invert,
    },
  }
}

/** Each encapsulated JPEG frame decoded with jpeg-js into one 8-bit grey buffer (luminance for colour). */
function decodeJpegFrames(ds: DataSet, el: import('dicom-parser').Element, h: DicomHeader, file: string): Uint8Array {
  const n = h.rows * h.columns
  const out = new Uint8Array(n * h.frames)
  const fragments = el.fragments ?? []
  const table = el.basicOffsetTable && el.basicOffsetTable.length > 0 ? el.basicOffsetTable : h.frames > 1 ? dicomParser.createJPEGBasicOffsetTable(ds, el) : undefined
  for (let f = 0; f < h.frames; f++) {
    let img: { width: number; height: number; data: Uint8Array }
    try {
      const frame = table
        ? dicomParser.readEncapsulatedImageFrame(ds, el, f, table)
        : dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length)
      img = jpeg.decode(frame, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: 1000, maxMemoryUsageInMB: 4096 })
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

function storedRange(h: DicomHeader): [number, number] {
  const bs = Math.min(h.bitsStored, h.bitsAllocated)
  return h.signed ? [-(2 ** (bs - 1)), 2 ** (bs - 1) - 1] : [0, 2 ** bs - 1]
}

type Stored = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array

/** Typed view of the stored samples in native (little-endian) order; copies only to swap or align. */
function storedValues(byteArray: Uint8Array, offset: number, h: DicomHeader): Stored {
  const n = h.rows * h.columns * h.frames * h.samplesPerPixel
  const bytesPer = h.bitsAllocated / 8
  let src = byteArray.subarray(offset, offset + n * bytesPer)
  const bigEndian = h.transferSyntax === '1.2.840.10008.1.2.2'
  if ((bigEndian && bytesPer > 1) || (byteArray.byteOffset + offset) % bytesPer !== 0) {
    src = src.slice()
    if (bigEndian && bytesPer === 2) for (let i = 0; i < src.length; i += 2) { const t = src[i]; src[i] = src[i + 1]; src[i + 1] = t }
    if (bigEndian && bytesPer === 4) for (let i = 0; i < src.length; i += 4) { let t = src[i]; src[i] = src[i + 3]; src[i + 3] = t; t = src[i + 1]; src[i + 1] = src[i + 2]; src[i + 2] = t }
  }
  const { buffer, byteOffset } = src
  if (bytesPer === 1) return h.signed ? new Int8Array(buffer, byteOffset, n) : src
  if (bytesPer === 2) return h.signed ? new Int16Array(buffer, byteOffset, n) : new Uint16Array(buffer, byteOffset, n)
  return h.signed ? new Int32Array(buffer, byteOffset, n) : new Uint32Array(buffer, byteOffset, n)
}

function fillRescaled(out: Float32Array, v: Stored, base: number, h: DicomHeader) {
  const n = out.length
  const { slope, intercept } = h
  const bs = h.bitsStored
  const spp = h.samplesPerPixel
  if (spp === 3) {
    const colour = h.photometric === 'RGB'
    for (let i = 0; i < n; i++) {
      // Planar configuration 1 stores RRR…GGG…BBB; 0 interleaves RGBRGB.
      const r = h.planarConfiguration === 1 ? v[base + i] : v[base + 3 * i]
      const g = h.planarConfiguration === 1 ? v[base + n + i] : v[base + 3 * i + 1]
      const b = h.planarConfiguration === 1 ? v[base + 2 * n + i] : v[base + 3 * i + 2]
      out[i] = (colour ? 0.299 * r + 0.587 * g + 0.114 * b : r) * slope + intercept // YBR: Y is the grey
    }
    return
  }
  if (bs < h.bitsAllocated && bs < 32) {
    // High bits above BitsStored may hold overlays or garbage: mask them, sign-extend when signed.
    const shift = 32 - bs
    const mask = 2 ** bs - 1
    if (h.signed) for (let i = 0; i < n; i++) out[i] = (((v[base + i] & mask) << shift) >> shift) * slope + intercept
    else for (let i = 0; i < n; i++) out[i] = (v[base + i] & mask) * slope + intercept
    return
  }
  if (slope === 1 && intercept === 0) out.set(v.subarray(base, base + n))
  else for (let i = 0; i < n; i++) out[i] = v[base + i] * slope + intercept
}
