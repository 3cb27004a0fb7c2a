// Entry points: sniff the magic bytes, unwrap gzip, dispatch to one decoder. Every failure is an
// ImagingError naming the file, so an import can record the reason and go on with the next file.
import { decodeDicom } from './decode-dicom'
import { decodeDicomSeries } from './dicom-series'
import { decodeIdx } from './decode-idx'
import { decodeJpeg } from './decode-jpeg'
import { decodeNifti, niftiVolumeValues, parseNifti } from './decode-nifti'
import { decodePng } from './decode-png'
import { decodeTiff } from './decode-tiff'
import { ImagingError } from './errors'
import { extensionOf, gunzipOrThrow, readInput, readInputSync } from './io'
import { describeStart, looksLikeIdx, looksLikeNifti, sniffFormat } from './sniff'
import { StatsAccumulator } from './stats'
import type { DecodedImageSet, DecodeOptions, ImageFormat } from './types'

/** Minimal header sizes by extension, to tell "truncated header" from "not an image at all". */
const HEADER_BY_EXT: Record<string, [ImageFormat, number]> = {
  '.png': ['png', 33],
  '.jpg': ['jpeg', 4],
  '.jpeg': ['jpeg', 4],
  '.tif': ['tiff', 8],
  '.tiff': ['tiff', 8],
  '.dcm': ['dicom', 132],
  '.nii': ['nifti', 348],
}

/** The decoded bytes and their format: gzip is unwrapped (NIfTI and IDX come gzipped). */
export function unwrap(bytes: Uint8Array, file: string): { format: ImageFormat; bytes: Uint8Array } {
  if (bytes.length === 0) throw new ImagingError('empty', file, 'file is empty (0 bytes)')
  const sniffed = sniffFormat(bytes)
  if (sniffed === 'gzip') {
    const inner = gunzipOrThrow(bytes, file)
    if (looksLikeNifti(inner)) return { format: 'nifti', bytes: inner }
    if (looksLikeIdx(inner)) return { format: 'idx', bytes: inner }
    if (inner.length < 4) throw new ImagingError('truncated_header', file, `gzip holds only ${inner.length} bytes: header is truncated`)
    throw new ImagingError('bad_magic', file, `gzip does not hold NIfTI or IDX data (starts with ${describeStart(inner)})`)
  }
  if (sniffed) return { format: sniffed, bytes }
  const hint = HEADER_BY_EXT[extensionOf(file)]
  if (hint && bytes.length < hint[1]) {
    throw new ImagingError('truncated_header', file, `header is truncated (${bytes.length} bytes; a ${hint[0].toUpperCase()} header needs ${hint[1]})`)
  }
  throw new ImagingError('bad_magic', file, `not a PNG, JPEG, TIFF, DICOM, NIfTI or IDX file (starts with ${describeStart(bytes)})`)
}

export function decodeBuffer(input: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const name = opts.name ?? file
  const { format, bytes } = unwrap(input, name)
  switch (format) {
    case 'png': return decodePng(bytes, name, opts)
    case 'jpeg': return decodeJpeg(bytes, name, opts)
    case 'tiff': return decodeTiff(bytes, name, opts)
    case 'dicom': return decodeDicom(bytes, name, opts)
    case 'nifti': return decodeNifti(bytes, name, opts)
    case 'idx': return decodeIdx(bytes, name, opts)
  }
}

export async function decodeFile(path: string, opts: DecodeOptions = {}): Promise<DecodedImageSet> {
  if (opts.seriesFiles && opts.seriesFiles.length > 0) return decodeDicomSeries(opts.seriesFiles, opts)
  return decodeBuffer(await readInput(path), path, opts)
}

export function decodeFileSync(path: string, opts: DecodeOptions = {}): DecodedImageSet {
  return decodeBuffer(readInputSync(path), path, opts)
}

export interface InspectResult {
  format: ImageFormat
  dims: number[]
  spacing: number[]
  dtype: string
  slope: number
  intercept: number
  min: number
  max: number
  mean: number
  warnings: string[]
}

/** What the decoder read, with statistics of the rescaled values over the whole file (all volumes of a 4D NIfTI). */
export async function inspectFile(path: string, opts: DecodeOptions = {}): Promise<InspectResult> {
  const bytes = await readInput(path)
  const set = decodeBuffer(bytes, path, opts)
  const acc = new StatsAccumulator()
  if (set.format === 'nifti' && (set.meta.volumes as number) > 1) {
    const p = parseNifti(unwrap(bytes, path).bytes, path, opts)
    for (let v = 0; v < p.volumeCount; v++) acc.add(niftiVolumeValues(p, v), p.slope, p.intercept)
  } else {
    for (const plane of set.planes) acc.add(plane.pixels)
  }
  const { min, max, mean } = acc.result()
  return { format: set.format, dims: set.dims, spacing: set.spacing, dtype: set.dtype, slope: set.slope, intercept: set.intercept, min, max, mean, warnings: set.warnings }
}

