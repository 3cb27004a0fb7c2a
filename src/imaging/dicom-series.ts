// DICOM series: group files by SeriesInstanceUID and order them along the slice normal
// (ImagePositionPatient projected on row × column direction), falling back to InstanceNumber.
// Ascending projection means inferior → superior for axial series, as for NIfTI volumes.
import { decodeDicom, parseDicomBytes, readDicomHeader, type DicomHeader } from './decode-dicom'
import { ImagingError, isImagingError } from './errors'
import { readHeadSync, readInput, readInputSync } from './io'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

export interface DicomSeries {
  seriesUid: string
  studyUid?: string
  patientId?: string
  modality?: string
  /** Files in slice order. */
  files: string[]
  headers: DicomHeader[]
}

export interface DicomGrouping {
  series: DicomSeries[]
  failures: { file: string; error: ImagingError }[]
}

const HEAD_BYTES = 64 * 1024

/**
 * Header of one file without reading its pixels: the first 64 KB usually reach the pixel data
 * element; when they do not (long private headers), the whole file is read.
 */
export function readDicomHeaderFile(file: string): DicomHeader {
  const head = readHeadSync(file, HEAD_BYTES)
  if (head && head.length === HEAD_BYTES) {
    try {
      const ds = parseDicomBytes(head, file, true)
      if (ds.elements.x7fe00010) return readDicomHeader(ds, file)
    } catch {
      // fall through to the whole file
    }
  }
  const bytes = readInputSync(file)
  return readDicomHeader(parseDicomBytes(bytes, file, true), file)
}


/** Reads each file's header (not its pixels) and groups; unreadable files are reported, not thrown. */
export function groupDicomSeries(files: string[]): DicomGrouping {
  const headers: DicomHeader[] = []
  const failures: DicomGrouping['failures'] = []
  for (const file of files) {
    try {
      headers.push(readDicomHeaderFile(file))
    } catch (e) {
      failures.push({ file, error: isImagingError(e) ? e : new ImagingError('unreadable', file, String(e)) })
    }
  }
  return { series: groupDicomHeaders(headers), failures }
}

export function groupDicomHeaders(headers: DicomHeader[]): DicomSeries[] {
  const bySeries = new Map<string, DicomHeader[]>()
  for (const h of headers) {
    // Files without a series UID each stand alone, keyed by their own path.
    const key = h.seriesUid ?? `file:${h.file}`
    const list = bySeries.get(key)
    if (list) list.push(h)
    else bySeries.set(key, [h])
  }
  return [...bySeries.entries()].map(([key, list]) => {
    const ordered = orderSlices(list)
    const first = ordered[0]
    return {
      seriesUid: first.seriesUid ?? key,
      studyUid: first.studyUid,
      patientId: first.patientId,
      modality: first.modality,
      files: ordered.map((h) => h.file),
      headers: ordered,
    }
  })
}

export function sliceNormal(orientation: number[]): number[] {
  const [r0, r1, r2, c0, c1, c2] = orientation
  return [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0]
}

export function orderSlices(list: DicomHeader[]): DicomHeader[] {
  const ref = list.find((h) => h.imageOrientation)?.imageOrientation
  const allPositioned = ref !== undefined && list.every((h) => h.imagePosition)
  if (allPositioned) {
    const n = sliceNormal(ref)
    const key = (h: DicomHeader) => h.imagePosition![0] * n[0] + h.imagePosition![1] * n[1] + h.imagePosition![2] * n[2]
    return [...list].sort((a, b) => key(a) - key(b) || (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0))
  }
  return [...list].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || a.file.localeCompare(b.file))
}

/**
 * Decodes an ordered series into one set: planes in slice order, dims [x, y, n], z spacing from
 * the positions. Slices whose size differs from the first are skipped with a warning.
 */
export async function decodeDicomSeries(files: string[], opts: DecodeOptions = {}): Promise<DecodedImageSet> {
  if (files.length === 0) throw new ImagingError('empty', '(series)', 'DICOM series has no files')
  const sets: DecodedImageSet[] = []
  for (const f of files) sets.push(decodeDicom(await readInput(f), f, opts))
  const first = sets[0]
  const warnings: string[] = []
  const planes: DecodedPlane[] = []
  const [w, h] = first.dims
  for (const s of sets) {
    if (s.dims[0] !== w || s.dims[1] !== h) {
      warnings.push(`${s.file}: ${s.dims[0]}×${s.dims[1]} differs from the series' ${w}×${h}; skipped`)
      continue
    }
    if (s.meta.seriesUid !== first.meta.seriesUid) warnings.push(`${s.file}: belongs to another series; kept in file order`)
    for (const p of s.planes) planes.push({ ...p, sliceIndex: planes.length })
  }
  const zs = sliceGaps(planes, first.meta.imageOrientation as number[] | undefined)
  const slope = sets.every((s) => s.slope === first.slope) ? first.slope : NaN
  const intercept = sets.every((s) => s.intercept === first.intercept) ? first.intercept : NaN
  if (Number.isNaN(slope) || Number.isNaN(intercept)) warnings.push('rescale slope/intercept vary between slices (each slice rescaled with its own)')
  return {
    ...first,
    file: files[0],
    dims: [w, h, planes.length],
    spacing: [first.spacing[0], first.spacing[1], zs ?? (first.meta.sliceThickness as number | undefined) ?? 1],
    slope: Number.isNaN(slope) ? 1 : slope,
    intercept: Number.isNaN(intercept) ? 0 : intercept,
    planes,
    warnings: [...warnings, ...sets.flatMap((s) => s.warnings.map((x) => `${s.file}: ${x}`))],
    meta: { ...first.meta, files },
  }
}

/** Median distance between neighbouring slice positions along the normal. */
function sliceGaps(planes: DecodedPlane[], orientation?: number[]): number | undefined {
  if (!orientation || planes.length < 2 || planes.some((p) => !p.position)) return undefined
  const n = sliceNormal(orientation)
  const z = planes.map((p) => p.position![0] * n[0] + p.position![1] * n[1] + p.position![2] * n[2])
  const gaps = z.slice(1).map((v, i) => Math.abs(v - z[i])).sort((a, b) => a - b)
  const mid = gaps[Math.floor(gaps.length / 2)]
  return mid > 0 ? mid : undefined
}
