// Domain types shared by main, renderer, CLI and trainer. No node, electron or DOM imports here.

export type Split = 'train' | 'val' | 'test'
export const SPLITS: readonly Split[] = ['train', 'val', 'test'] as const

export type ReviewStatus = 'none' | 'draft' | 'in_review' | 'approved'
export type MaskSource = 'human' | 'import' | 'model' | 'accepted_prediction'
export type LabelSource = 'human' | 'import' | 'model'
export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'dicom' | 'nifti' | 'idx'
/** Pixel storage types kept in the project DB (values are already rescaled). */
export type PixelDType = 'uint8' | 'uint16' | 'int16' | 'int32' | 'float32'

export interface ProjectInfo {
  id: string
  name: string
  dir: string
  createdAt: string
  schemaVersion: number
}

export interface ImageSummary {
  id: number
  name: string
  format: ImageFormat
  modality: string | null
  width: number
  height: number
  split: Split | null
  labelClassId: number | null
  hasMask: boolean
  reviewStatus: ReviewStatus
  volumeId: number | null
  sliceIndex: number | null
  patientKey: string | null
}

export interface ImageDetail extends ImageSummary {
  sourcePath: string | null
  dtype: PixelDType
  spacing: [number, number]
  window: { center: number; width: number } | null
  min: number
  max: number
  meta: Record<string, string | number>
  createdAt: string
}

export interface LabelClass {
  id: number
  name: string
  color: string
  /** 'mask' classes are painted; 'image' classes label a whole image. */
  kind: 'mask' | 'image'
  /** Index written into label maps for mask classes (1..255); null for image classes. */
  value: number | null
}

export interface MaskVersion {
  id: number
  imageId: number
  parentId: number | null
  author: string
  createdAt: string
  source: MaskSource
  runId: string | null
  width: number
  height: number
  area: number
}

export interface ImageLabel {
  id: number
  imageId: number
  classId: number | null
  flagged: boolean
  author: string
  createdAt: string
  source: LabelSource
  runId: string | null
}

export type Task = 'segmentation' | 'classification'
export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface EpochMetrics {
  epoch: number
  loss: number
  valLoss?: number
  valDice?: number
  valIoU?: number
  accuracy?: number
  valAccuracy?: number
  sensitivity?: number
  specificity?: number
  precision?: number
  f1?: number
  auc?: number
  confusion?: number[][]
  lr: number
  imgPerSec: number
  seconds: number
  /** Threads that computed the training steps (data-parallel workers on wasm/cpu). */
  workers?: number
}

export interface RunSummary {
  id: string
  name: string
  task: Task
  status: RunStatus
  backend: string | null
  seed: number
  dataHash: string | null
  config: Record<string, unknown>
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  error: string | null
  best: Record<string, number> | null
  epochs: EpochMetrics[]
}
