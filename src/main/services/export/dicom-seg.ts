// DICOM SEG for cases imported from DICOM: one binary SEG object per series (or single image),
// written with dcmjs, referencing the source SOP instances read back from the project's files/
// store. The multiframe description of the source is built here, in RadLab's slice order, rather
// than with dcmjs's Normalizer: that one handles only 16-bit data, needs two or more frames and
// re-sorts frames, and the frame → slice mapping must stay exact.
import dcmjsModule from 'dcmjs'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RadlabError } from '../../../shared/errors'
import type { Project } from '../project'
import { storedPath } from '../file-store'
import { caseLabels, collectCases, type ExportCase, type ExportSplit } from './cases'

/* eslint-disable @typescript-eslint/no-explicit-any -- dcmjs ships no types; only what is used here is typed. */
interface DcmjsApi {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer): { dict: any; meta: any } }
    DicomMetaDictionary: { naturalizeDataset(d: any): any; namifyDataset(d: any): any; uid(): string }
    datasetToBuffer(ds: any): { buffer: ArrayBuffer } | ArrayBuffer
    Colors: { rgb2DICOMLAB(rgb: number[]): number[] }
  }
  derivations: { Segmentation: new (datasets: any[], options?: any) => DcmjsSegmentation }
}
interface DcmjsSegmentation {
  dataset: any
  setNumberOfFrames(n: number): void
  addSegmentFromLabelmap(segment: any, labelmaps: Uint8Array[], valueInLabelmap: number, referencedFrameNumbers: number[]): void
  bitPackPixelData(): void
}
const dcmjs = dcmjsModule as unknown as DcmjsApi

interface SegClass { name: string; value: number; color: string }

function readDataset(path: string): any {
  const buf = readFileSync(path)
  const msg = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer)
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict)
  ds._meta = dcmjs.data.DicomMetaDictionary.namifyDataset(msg.meta)
  return ds
}

/** The source slices as one multiframe reference, frames in RadLab's slice order. */
function multiframeReference(slices: any[]): any {
  const first = slices[0]
  const thickness = Number(first.SliceThickness) || Number(first.SpacingBetweenSlices) || 1
  return {
    ...first,
    NumberOfFrames: slices.length,
    PixelData: new ArrayBuffer(0),
    SharedFunctionalGroupsSequence: {
      PlaneOrientationSequence: { ImageOrientationPatient: first.ImageOrientationPatient ?? [1, 0, 0, 0, 1, 0] },
      PixelMeasuresSequence: { PixelSpacing: first.PixelSpacing ?? [1, 1], SpacingBetweenSlices: thickness, SliceThickness: thickness },
    },
    PerFrameFunctionalGroupsSequence: slices.map((s, i) => ({
      PlanePositionSequence: { ImagePositionPatient: s.ImagePositionPatient ?? [0, 0, i * thickness] },
    })),
    ReferencedSeriesSequence: {
      SeriesInstanceUID: first.SeriesInstanceUID,
      ReferencedInstanceSequence: slices.map((s) => ({ ReferencedSOPClassUID: s.SOPClassUID, ReferencedSOPInstanceUID: s.SOPInstanceUID })),
    },
  }
}

function hexToRgb(hex: string): number[] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  return m ? [1, 2, 3].map((i) => parseInt(m[i], 16) / 255) : [1, 0, 0]
}

function segmentFor(cls: SegClass, number: number, runId: string | null): any {
  const code = { CodeValue: '85756007', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Tissue' }
  return {
    SegmentNumber: number,
    SegmentLabel: cls.name,
    SegmentAlgorithmType: runId ? 'AUTOMATIC' : 'MANUAL',
    ...(runId ? { SegmentAlgorithmName: `RadLab run ${runId}` } : {}),
    RecommendedDisplayCIELabValue: dcmjs.data.Colors.rgb2DICOMLAB(hexToRgb(cls.color)).map((v) => Math.round(v)),
    SegmentedPropertyCategoryCodeSequence: code,
    SegmentedPropertyTypeCodeSequence: code,
  }
}

/** The SEG object (Part 10 bytes) of one case, or null when none of its slices has a labelled pixel. */
export function caseDicomSeg(project: Project, c: ExportCase, labels: (Uint8Array | null)[], classes: SegClass[], runId: string | null): Buffer | null {
  const paths = c.images.map((img) => {
    const p = img.file_sha ? storedPath(project.filesDir, img.file_sha) : null
    if (!p || !existsSync(p)) throw new RadlabError('not_found', `the original DICOM file of ${img.name} is missing from the project's files/ store`)
    return p
  })
  const slices = paths.map(readDataset)
  const { Rows, Columns } = slices[0]
  if (Rows !== c.images[0].height || Columns !== c.images[0].width) {
    throw new RadlabError('invalid_input', `${c.name}: the DICOM file is ${Columns}×${Rows}, the project image ${c.images[0].width}×${c.images[0].height}`)
  }
  // One segment per class present; its frames are the slices where it occurs.
  const segments = classes.map((cls) => {
    const frames: number[] = []
    labels.forEach((l, i) => { if (l?.includes(cls.value)) frames.push(i) })
    return { cls, frames }
  }).filter((s) => s.frames.length > 0)
  if (segments.length === 0) return null
  const seg = new dcmjs.derivations.Segmentation([multiframeReference(slices)], {
    includeSliceSpacing: true,
    SeriesDescription: runId ? `RadLab predictions (run ${runId})` : 'RadLab segmentation',
    Manufacturer: 'RadLab',
    ManufacturerModelName: 'RadLab',
    ContentCreatorName: 'RadLab',
  })
  seg.setNumberOfFrames(segments.reduce((n, s) => n + s.frames.length, 0))
  segments.forEach((s, k) => {
    seg.addSegmentFromLabelmap(segmentFor(s.cls, k + 1, runId), s.frames.map((i) => labels[i]!), s.cls.value, s.frames.map((i) => i + 1))
  })
  seg.bitPackPixelData()
  const out = dcmjs.data.datasetToBuffer(seg.dataset)
  return Buffer.from(out instanceof ArrayBuffer ? out : out.buffer)
}

export function exportDicomSeg(project: Project, dir: string, split: ExportSplit, runId: string | null): { files: number; warnings: string[] } {
  const classes = project.repos.classes.list().filter((c) => c.kind === 'mask' && c.value !== null).map((c) => ({ name: c.name, value: c.value!, color: c.color }))
  const warnings: string[] = []
  let files = 0
  let notDicom = 0
  let multiFrame = 0
  for (const c of collectCases(project, split)) {
    if (c.images[0].format !== 'dicom') { notDicom++; continue }
    // A frame of a multi-frame instance would need per-frame references into that one instance: not written yet.
    if (!c.volume && c.images[0].frame_index !== null) { multiFrame++; continue }
    const labels = caseLabels(project, c, runId)
    if (labels.every((l) => l === null)) continue
    const bytes = caseDicomSeg(project, c, labels, classes, runId)
    if (!bytes) continue
    writeFileSync(join(dir, `${c.stem}_seg.dcm`), bytes)
    files++
  }
  if (multiFrame) warnings.push(`${multiFrame} frame(s) of multi-frame DICOM files were skipped (DICOM SEG export handles single-frame series only)`)
  if (notDicom) warnings.push(`${notDicom} case(s) not imported from DICOM were skipped (DICOM SEG needs the source DICOM instances)`)
  if (files === 0) throw new RadlabError('invalid_input', `no DICOM images with ${runId ? `predictions of run ${runId}` : 'masks'} in ${split === 'all' ? 'the project' : `the ${split} split`}: DICOM SEG is written only for images imported from DICOM`)
  return { files, warnings }
}
