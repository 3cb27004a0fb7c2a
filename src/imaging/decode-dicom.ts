// DICOM via dicom-parser: uncompressed transfer syntaxes (implicit/explicit little endian,
// explicit big endian, deflated), RLE lossless and 8-bit JPEG baseline (see dicom-pixels.ts).
// Other compressed syntaxes (JPEG lossless, JPEG-LS, JPEG 2000) are refused with their UID.
// Patient names and other identifying tags are never read; PatientID is returned raw for the
// caller to hash into a pseudonymous key.
import dicomParser from 'dicom-parser'
import { inflateRawSync } from 'node:zlib'
import { describeThrown, ImagingError } from './errors'
import { DECODABLE_SYNTAXES, readDicomPixels, type Stored } from './dicom-pixels'
import { checkDims } from './io'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

type DataSet = import('dicom-parser').DataSet


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
  /** Enhanced multi-frame: ImagePositionPatient of each frame (per-frame functional groups). */
  framePositions?: (number[] | undefined)[]
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
  const shared = sharedGroups(ds)
  const framePositions = perFramePositions(ds)
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
    pixelSpacing: validSpacing(ps) ?? validSpacing(shared?.measures ? multi(shared.measures, 'x00280030', 2) : undefined),
    sliceThickness: num(ds, 'x00180050') ?? (shared?.measures ? num(shared.measures, 'x00180050') : undefined),
    imagePosition: multi(ds, 'x00200032', 3) ?? framePositions?.[0],
    imageOrientation: multi(ds, 'x00200037', 6) ?? (shared?.orientation ? multi(shared.orientation, 'x00200037', 6) : undefined),
    framePositions,
    instanceNumber: ds.intString('x00200013'),
    modality: str(ds, 'x00080060'),
    patientId: str(ds, 'x00100020'),
    studyUid: str(ds, 'x0020000d'),
    seriesUid: str(ds, 'x0020000e'),
    sopInstanceUid: str(ds, 'x00080018'),
    seriesDescription: str(ds, 'x0008103e'),
  }
}

function validSpacing(ps: number[] | undefined | null): [number, number] | null {
  return ps && ps[0] > 0 && ps[1] > 0 ? [ps[0], ps[1]] : null
}

function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet
}

/** Enhanced multi-frame objects keep spacing and orientation in the shared functional groups. */
function sharedGroups(ds: DataSet): { measures?: DataSet; orientation?: DataSet } | undefined {
  const shared = firstItem(ds, 'x52009229')
  if (!shared) return undefined
  return { measures: firstItem(shared, 'x00289110'), orientation: firstItem(shared, 'x00209116') }
}

/** …and each frame's position in the per-frame functional groups. */
function perFramePositions(ds: DataSet): (number[] | undefined)[] | undefined {
  const items = ds.elements.x52009230?.items
  if (!items || items.length === 0) return undefined
  return items.map((it) => {
    const pos = firstItem(it.dataSet, 'x00209113')
    return pos ? multi(pos, 'x00200032', 3) : undefined
  })
}

export function decodeDicom(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const ds = parseDicomBytes(bytes, file)
  const h = readDicomHeader(ds, file)
  if (!DECODABLE_SYNTAXES.has(h.transferSyntax)) {
    throw new ImagingError('unsupported_transfer_syntax', file, `unsupported transfer syntax ${h.transferSyntax} (compressed pixel data)`)
  }
  if (![1, 8, 16, 32].includes(h.bitsAllocated)) {
    throw new ImagingError('unsupported_datatype', file, `DICOM BitsAllocated ${h.bitsAllocated} is not supported (1, 8, 16 or 32)`)
  }
  if (h.samplesPerPixel !== 1 && h.samplesPerPixel !== 3) {
    throw new ImagingError('unsupported_datatype', file, `DICOM SamplesPerPixel ${h.samplesPerPixel} is not supported (1 or 3)`)
  }
  const frameDims = h.frames > 1 ? [h.columns, h.rows, h.frames] : [h.columns, h.rows]
  checkDims(file, frameDims, { maxVoxels: opts.maxVoxels, what: 'DICOM image size' })
  const storedBits = h.bitsAllocated
  const { values, compression } = readDicomPixels(ds, h, file)
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
    const position = h.framePositions?.[f] ?? (f === 0 ? h.imagePosition : undefined)
    planes.push({ width: h.columns, height: h.rows, pixels: out, sliceIndex: f, ...(position ? { position } : {}) })
  }
  const window = h.window && invert ? { center: flipSum - h.window.center, width: h.window.width } : h.window
  const xy = h.pixelSpacing ? [h.pixelSpacing[1], h.pixelSpacing[0]] : [1, 1]
  return {
    format: 'dicom',
    file,
    dims: frameDims,
    spacing: h.frames > 1 ? [...xy, frameGap(h) ?? h.sliceThickness ?? 1] : xy,
    dtype: storedBits === 1 ? 'bit' : `${h.signed ? 'int' : 'uint'}${storedBits}`,
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
      compression,
      inverted: invert,
    },
  }
}

/** Distance between the first two frame positions along the slice normal (enhanced multi-frame). */
function frameGap(h: DicomHeader): number | undefined {
  const [a, b] = h.framePositions ?? []
  if (!a || !b || !h.imageOrientation) return undefined
  const [r0, r1, r2, c0, c1, c2] = h.imageOrientation
  const n = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0]
  const d = Math.abs((b[0] - a[0]) * n[0] + (b[1] - a[1]) * n[1] + (b[2] - a[2]) * n[2])
  return d > 0 ? d : undefined
}

function storedRange(h: DicomHeader): [number, number] {
  const bs = Math.min(h.bitsStored, h.bitsAllocated)
  return h.signed ? [-(2 ** (bs - 1)), 2 ** (bs - 1) - 1] : [0, 2 ** bs - 1]
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
