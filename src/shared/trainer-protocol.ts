// Typed messages between main and the trainer process (Electron utilityProcess or a forked
// Node child). Types only: this file is shared by main, the trainer, the CLI and the renderer.
import type { EpochMetrics, Task } from './domain'

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'
export type BackendPreference = 'auto' | BackendName
export type ModelPreset = 'unet-small' | 'unet' | 'cnn' | 'cnn-vgg'
export type LossName = 'bce' | 'dice' | 'bce_dice' | 'cce'
export type ScheduleName = 'none' | 'step' | 'plateau'
export type Normalisation = 'zscore' | 'window'

/** Training settings after defaults are applied (see src/ml/config.ts for the zod schema). */
export interface TrainConfig {
  task: Task
  model: ModelPreset
  inputSize: number
  epochs: number
  batchSize: number
  lr: number
  optimizer: 'adam'
  schedule: ScheduleName
  stepSize: number
  gamma: number
  plateauPatience: number
  earlyStoppingPatience: number
  loss: LossName
  /** Per-class loss weights, index = model class index (binary: [negative, positive]). */
  classWeights: number[] | null
  augmentation: boolean
  balancedSampling: boolean
  normalisation: Normalisation
  seed: number
  backend: BackendPreference
  /**
   * Threads that compute each step on the single-threaded backends (wasm, cpu): 'auto' times
   * one thread against two data-parallel workers on real batches and keeps the faster.
   */
  workers: 'auto' | number
  /** Optional model shape overrides (the preset gives the rest). */
  baseFilters?: number
  depth?: number
  batchNorm?: boolean
  dropout?: number
}

export interface SnapshotItem {
  imageId: number
  /** Segmentation: the mask version the run trains on. */
  maskVersionId?: number
  /** Classification: index into `classes`. */
  classIndex?: number
  patientKey?: string
}

export interface SnapshotClass {
  /** label_classes.id */
  id: number
  name: string
  /** Mask classes: the label-map value; image classes: null. */
  value: number | null
}

/** What main prepares for a run: everything the trainer needs, fixed at start. */
export interface TrainSnapshot {
  dbPath: string
  projectDir: string
  task: Task
  /** Segmentation: mask classes (background excluded). Classification: image classes, in index order. */
  classes: SnapshotClass[]
  items: { train: SnapshotItem[]; val: SnapshotItem[] }
  dataHash: string
}

export interface BackendReportEntry {
  name: BackendName
  ok: boolean
  reason?: string
  /** Measured training throughput (reference CNN step), when asked for (`radlab doctor --bench`). */
  imgPerSec?: number
  /** The same on two data-parallel workers (wasm and cpu only). */
  imgPerSecTwoWorkers?: number
}

/** Written next to each checkpoint's model.json as radlab-card.json. */
export interface CheckpointCard {
  task: Task
  model: ModelPreset
  inputSize: number
  classes: SnapshotClass[]
  /** Number of model output channels/logits. */
  outputs: number
  normalisation: Normalisation
  epoch: number
  metricName: string
  metric: number
  dataHash: string
  config: TrainConfig
}

// ---- main → trainer ----
export interface StartMessage {
  type: 'start'
  runId: string
  snapshot: TrainSnapshot
  /** Partial config: the trainer validates it and applies the defaults. */
  config: Partial<TrainConfig> & { task: Task }
}
export interface CancelMessage {
  type: 'cancel'
  runId?: string
}
export interface PredictMessage {
  type: 'predict'
  jobId: string
  checkpointDir: string
  task: Task
  dbPath: string
  imageIds: number[]
  /** Expected input size and classes: refused with the reason when the checkpoint does not fit. */
  inputSize?: number
  classes?: SnapshotClass[]
  normalisation?: Normalisation
  batchSize?: number
  backend?: BackendPreference
}
export interface SaliencyMessage {
  type: 'saliency'
  jobId: string
  checkpointDir: string
  dbPath: string
  imageId: number
  /** Class index to explain; default the predicted one. */
  classIndex?: number
}
export interface ShutdownMessage {
  type: 'shutdown'
}
export type MainToTrainer = StartMessage | CancelMessage | PredictMessage | SaliencyMessage | ShutdownMessage

// ---- trainer → main ----
export interface ReadyMessage {
  type: 'ready'
  backend: BackendName
  backendReport: BackendReportEntry[]
}
export interface ProgressMessage {
  type: 'progress'
  runId: string
  epoch: number
  batch: number
  batches: number
  loss: number
  smoothedLoss: number
  imgPerSec: number
  etaSec: number
  /** Threads computing the steps (1, or data-parallel workers). */
  workers?: number
}
export interface EpochEndMessage {
  type: 'epochEnd'
  runId: string
  metrics: EpochMetrics
}
export interface CheckpointMessage {
  type: 'checkpoint'
  runId: string
  kind: 'best' | 'last'
  epoch: number
  dir: string
  metricName: string
  metric: number
}
export interface DoneMessage {
  type: 'done'
  runId: string
  /** The best epoch's metrics (null when no epoch finished). */
  best: (EpochMetrics & { metricName: string; metric: number }) | null
  epochs: number
  cancelled: boolean
  backend: BackendName
  seconds: number
}
export type FailureCode = 'oom' | 'crash' | 'invalid' | 'backend' | 'data' | 'checkpoint'
export interface FailedMessage {
  type: 'failed'
  runId?: string
  jobId?: string
  reason: string
  code: FailureCode
}
export interface SegPrediction {
  imageId: number
  width: number
  height: number
  /** Foreground probability × 255 at the image's own size (multi-class: 1 − P(background)). */
  prob: Uint8Array
  /** Multi-class only: argmax label map (0 = background, else the class's label value). */
  labels?: Uint8Array
}
export interface ClsPrediction {
  imageId: number
  /** Probability per class, in the checkpoint's class order. */
  probs: number[]
}
export interface PredictionsMessage {
  type: 'predictions'
  jobId: string
  items: Array<SegPrediction | ClsPrediction>
  done: number
  total: number
}
export interface PredictDoneMessage {
  type: 'predictDone'
  jobId: string
  count: number
  seconds: number
  backend: BackendName
  /** Threads that ran the forward passes. */
  workers?: number
}
export interface SaliencyResultMessage {
  type: 'saliencyResult'
  jobId: string
  imageId: number
  width: number
  height: number
  classIndex: number
  /** Grad-CAM heat map, 0..255 at the image's own size. */
  heat: Uint8Array
}
/** How many threads compute this run's steps, and why (sent before the first step). */
export interface WorkersMessage {
  type: 'workers'
  runId: string
  workers: number
  reason: string
  /** Seconds per step of each candidate, when they were timed against each other. */
  timings?: Array<{ workers: number; secPerStep: number }>
}
export type TrainerToMain =
  | ReadyMessage
  | WorkersMessage
  | ProgressMessage
  | EpochEndMessage
  | CheckpointMessage
  | DoneMessage
  | FailedMessage
  | PredictionsMessage
  | PredictDoneMessage
  | SaliencyResultMessage
