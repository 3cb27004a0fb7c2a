// Read models the renderer shows: plain objects, built by main services.

export interface TrainingProgress {
  projectId: string
  runId: string
  epoch: number
  epochs: number
  batch: number
  batches: number
  loss: number
  smoothedLoss: number
  imgPerSec: number
  etaSec: number
  /** Threads computing the steps (1, or data-parallel workers). */
  workers?: number
}

export interface PredictionSummary {
  imageId: number
  name: string
  dice: number | null
  iou: number | null
  uncertainty: number | null
  review: 'none' | 'accepted' | 'rejected' | 'flagged'
  hasGroundTruth: boolean
  volumeId: number | null
}

export interface PredictionDetail extends PredictionSummary {
  width: number
  height: number
  /** Probability × 255 at the image's own size (segmentation). */
  prob: Uint8Array | null
  /** Class probabilities (classification). */
  probs: number[] | null
  volumeDice: number | null
}

export interface ClassificationReview {
  classes: string[]
  threshold: number
  confusion: number[][]
  cells: { actual: number; predicted: number; imageIds: number[] }[]
  roc: { fpr: number; tpr: number; threshold: number }[]
  auc: number | null
  sensitivity: number | null
  specificity: number | null
  accuracy: number | null
  items: { imageId: number; name: string; actual: number | null; predicted: number; prob: number; disagrees: boolean }[]
}

export interface BackendProbe {
  name: string
  ok: boolean
  reason?: string
  imgPerSec?: number
  /** Training throughput on two data-parallel workers (wasm and cpu, `doctor --bench`). */
  imgPerSecTwoWorkers?: number
}

export interface DoctorReport {
  node: string
  electron: string | null
  electronBinary: { present: boolean; path: string | null; reason?: string }
  betterSqlite3: { ok: boolean; abi: string; reason?: string }
  chromium: string | null
  backends: BackendProbe[]
  platform: string
  cpus: number
  memoryGb: number
}
