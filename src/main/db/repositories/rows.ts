// Row shapes as stored (read side) and mappers to the domain types the contract returns.
import type { ImageDetail, ImageSummary, ImageLabel, LabelClass, MaskVersion, PixelDType, ReviewStatus, Split, ImageFormat } from '../../../shared/domain'

export interface ImageRow {
  id: number
  name: string
  source_key: string
  source_path: string | null
  file_sha: string | null
  frame_index: number | null
  format: string
  modality: string | null
  width: number
  height: number
  dtype: string
  spacing_x: number
  spacing_y: number
  window_center: number | null
  window_width: number | null
  min: number
  max: number
  split: string | null
  patient_key: string | null
  study_key: string | null
  volume_id: number | null
  slice_index: number | null
  review_status: string
  meta_json: string
  current_mask_id: number | null
  mask_area: number | null
  label_class_id: number | null
  label_flagged: number
  created_at: string
}

export function toImageSummary(r: ImageRow): ImageSummary {
  return {
    id: r.id,
    name: r.name,
    format: r.format as ImageFormat,
    modality: r.modality,
    width: r.width,
    height: r.height,
    split: r.split as Split | null,
    labelClassId: r.label_class_id,
    hasMask: r.current_mask_id !== null,
    reviewStatus: r.review_status as ReviewStatus,
    volumeId: r.volume_id,
    sliceIndex: r.slice_index,
    patientKey: r.patient_key,
  }
}

export function toImageDetail(r: ImageRow): ImageDetail {
  return {
    ...toImageSummary(r),
    sourcePath: r.source_path,
    dtype: r.dtype as PixelDType,
    spacing: [r.spacing_x, r.spacing_y],
    window: r.window_center !== null && r.window_width !== null ? { center: r.window_center, width: r.window_width } : null,
    min: r.min,
    max: r.max,
    meta: JSON.parse(r.meta_json) as Record<string, string | number>,
    createdAt: r.created_at,
  }
}

export interface MaskVersionRow {
  id: number
  image_id: number
  parent_id: number | null
  author: string
  created_at: string
  source: string
  run_id: string | null
  codec: string
  width: number
  height: number
  area: number
  data?: Uint8Array
}

export function toMaskVersion(r: MaskVersionRow): MaskVersion {
  return {
    id: r.id,
    imageId: r.image_id,
    parentId: r.parent_id,
    author: r.author,
    createdAt: r.created_at,
    source: r.source as MaskVersion['source'],
    runId: r.run_id,
    width: r.width,
    height: r.height,
    area: r.area,
  }
}

export interface LabelRow {
  id: number
  image_id: number
  class_id: number | null
  flagged: number
  author: string
  created_at: string
  source: string
  run_id: string | null
}

export function toImageLabel(r: LabelRow): ImageLabel {
  return {
    id: r.id,
    imageId: r.image_id,
    classId: r.class_id,
    flagged: r.flagged === 1,
    author: r.author,
    createdAt: r.created_at,
    source: r.source as ImageLabel['source'],
    runId: r.run_id,
  }
}

export interface ClassRow { id: number; name: string; color: string; kind: string; value: number | null; position: number }

export function toLabelClass(r: ClassRow): LabelClass {
  return { id: r.id, name: r.name, color: r.color, kind: r.kind as LabelClass['kind'], value: r.value }
}

export const now = () => new Date().toISOString()
