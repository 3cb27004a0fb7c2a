// The one shape every decoder returns, whatever the file format.

export type ImageFormat = 'png' | 'jpeg' | 'tiff' | 'dicom' | 'nifti' | 'idx'

export interface DecodedPlane {
  width: number
  height: number
  /** Rescaled values (slope/intercept applied), row-major, top row first. */
  pixels: Float32Array
  /** IDX class label. */
  label?: number
  /** Index of the slice in display order (volumes) or of the item (IDX). */
  sliceIndex?: number
  /** Patient/world position (mm) of the centre of the plane's first pixel, where known. */
  position?: number[]
}

export interface DecodedImageSet {
  format: ImageFormat
  file: string
  /** x, y[, z[, t]] as stored in the file. */
  dims: number[]
  /** mm per axis where known, else 1. */
  spacing: number[]
  /** Stored dtype in the file, e.g. 'uint8', 'uint16', 'int16', 'float32'. */
  dtype: string
  slope: number
  intercept: number
  /** Default display window (DICOM tags), else null. */
  window: { center: number; width: number } | null
  /** 2D planes in display order. */
  planes: DecodedPlane[]
  /** NIfTI 4x4 voxel→world (RAS mm) affine of the data as stored, for export. */
  affine?: number[][]
  warnings: string[]
  meta: {
    modality?: string
    patientId?: string
    studyUid?: string
    seriesUid?: string
    [k: string]: unknown
  }
}

export interface DecodeOptions {
  /** Refuse files whose pixel count exceeds this (checked before any allocation). Default 2^28. */
  maxVoxels?: number
  /** IDX: the labels file paired with an images file. */
  labelsPath?: string
  /** DICOM: decode these files (ordered, e.g. from groupDicomSeries) as one series. */
  seriesFiles?: string[]
  /** Name used in messages when decoding a buffer (defaults to the path). */
  name?: string
}

export const DEFAULT_MAX_VOXELS = 2 ** 28
/** No modality we handle has a side longer than this; bigger means a corrupt header. */
export const MAX_SIDE = 65535
