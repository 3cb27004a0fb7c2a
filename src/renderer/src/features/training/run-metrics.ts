// Pure helpers for the training dashboard: chart series from epoch metrics, best-metric rows,
// backend names, run comparison and formatting. No React, no DOM: unit-tested in node.
import type { EpochMetrics, RunSummary, Task } from '../../../../shared/domain'

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'

/** What a clinician reads for each backend (the trainer reports the package-ish name). */
export function backendLabel(name: string | null | undefined): string {
  switch (name) {
    case 'tensorflow-gpu': return 'GPU'
    case 'tensorflow': return 'native CPU'
    case 'wasm': return 'wasm'
    case 'cpu': return 'cpu (slow)'
    case 'auto': return 'auto'
    default: return name ?? 'not started'
  }
}

/** The pure-JS cpu backend is 10–50× slower than the others: the UI warns when a run lands there. */
export function isSlowBackend(name: string | null | undefined): boolean {
  return name === 'cpu'
}

/** The validation metric each task is judged by (what picks the best checkpoint). */
export function primaryMetric(task: Task): { key: keyof EpochMetrics; label: string } {
  return task === 'segmentation' ? { key: 'valDice', label: 'val Dice' } : { key: 'auc', label: 'val AUC' }
}

export interface EpochSeries {
  epoch: number[]
  loss: (number | null)[]
  valLoss: (number | null)[]
  /** val Dice (segmentation) or val AUC (classification). */
  metric: (number | null)[]
  /** val IoU (segmentation) or val accuracy (classification). */
  metric2: (number | null)[]
  lr: (number | null)[]
}

const val = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Column arrays for uPlot, one entry per finished epoch, sorted by epoch, duplicates dropped. */
export function epochSeries(epochs: readonly EpochMetrics[], task: Task): EpochSeries {
  const byEpoch = new Map<number, EpochMetrics>()
  for (const e of epochs) byEpoch.set(e.epoch, e)
  const sorted = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch)
  const seg = task === 'segmentation'
  return {
    epoch: sorted.map((e) => e.epoch),
    loss: sorted.map((e) => val(e.loss)),
    valLoss: sorted.map((e) => val(e.valLoss)),
    metric: sorted.map((e) => val(seg ? e.valDice : e.auc)),
    metric2: sorted.map((e) => val(seg ? e.valIoU : e.valAccuracy ?? e.accuracy)),
    lr: sorted.map((e) => val(e.lr)),
  }
}

/** Appends an epoch to a run's list unless that epoch is already there (events can repeat after a reload). */
export function withEpoch(epochs: readonly EpochMetrics[], m: EpochMetrics): EpochMetrics[] {
  const rest = epochs.filter((e) => e.epoch !== m.epoch)
  return [...rest, m].sort((a, b) => a.epoch - b.epoch)
}

/** Smoothed batch loss within the run, x = fractional epoch (epoch 1, batch 5 of 10 → 0.5). */
export class BatchLossTrace {
  readonly x: number[] = []
  readonly y: number[] = []

  add(epoch: number, batch: number, batches: number, smoothedLoss: number): boolean {
    if (!Number.isFinite(smoothedLoss) || batches <= 0) return false
    const x = epoch - 1 + batch / batches
    // Progress events for the same point (or an older one, after a restart) are ignored.
    if (this.x.length && x <= this.x[this.x.length - 1]) return false
    this.x.push(x)
    this.y.push(smoothedLoss)
    return true
  }

  clear() {
    this.x.length = 0
    this.y.length = 0
  }
}

const METRIC_LABELS: [string, string][] = [
  ['valDice', 'val Dice'], ['valIoU', 'val IoU'], ['auc', 'val AUC'], ['valAccuracy', 'val accuracy'],
  ['sensitivity', 'sensitivity'], ['specificity', 'specificity'], ['f1', 'F1'], ['valLoss', 'val loss'], ['loss', 'loss'], ['epoch', 'best epoch'],
]

/** The best epoch's metrics as labelled rows, in a fixed reading order. */
export function bestMetricRows(best: Record<string, number> | null): { key: string; label: string; value: number }[] {
  if (!best) return []
  return METRIC_LABELS.filter(([k]) => typeof best[k] === 'number').map(([key, label]) => ({ key, label, value: best[key] }))
}

/** The run's headline figure for the history table: its best val Dice / AUC, else the last epoch's. */
export function headlineMetric(run: RunSummary): { label: string; value: number } | null {
  const { key, label } = primaryMetric(run.task)
  const fromBest = run.best?.[key as string]
  if (typeof fromBest === 'number') return { label, value: fromBest }
  const last = run.epochs[run.epochs.length - 1]
  const v = last ? val(last[key]) : null
  return v === null ? null : { label, value: v }
}

const CONFIG_KEYS = ['task', 'model', 'inputSize', 'epochs', 'batchSize', 'lr', 'augmentation', 'loss', 'schedule', 'seed', 'backend'] as const

export interface CompareRow {
  key: string
  a: string
  b: string
  differs: boolean
}

/** Config and best metrics of two runs side by side; rows whose values differ are marked. */
export function compareRuns(a: RunSummary, b: RunSummary): { config: CompareRow[]; metrics: CompareRow[] } {
  const keys = [...CONFIG_KEYS.filter((k) => k in a.config || k in b.config),
    ...Object.keys({ ...a.config, ...b.config }).filter((k) => !(CONFIG_KEYS as readonly string[]).includes(k)).sort()]
  const config = keys.map((k) => row(k, show(a.config[k]), show(b.config[k])))
  config.push(row('backend used', a.backend ?? '-', b.backend ?? '-'))
  config.push(row('data hash', a.dataHash?.slice(0, 10) ?? '-', b.dataHash?.slice(0, 10) ?? '-'))
  const metricKeys = new Set([...bestMetricRows(a.best).map((r) => r.key), ...bestMetricRows(b.best).map((r) => r.key)])
  const metrics = METRIC_LABELS.filter(([k]) => metricKeys.has(k)).map(([k, label]) => row(label, fmtMetric(a.best?.[k]), fmtMetric(b.best?.[k])))
  metrics.push(row('duration', formatDuration(runSeconds(a)), formatDuration(runSeconds(b))))
  return { config, metrics }
}

function row(key: string, a: string, b: string): CompareRow {
  return { key, a, b, differs: a !== b }
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '-'
  if (typeof v === 'number') return fmtNumber(v)
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

export function fmtNumber(v: number): string {
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(1)
  return String(Math.round(v * 1e4) / 1e4)
}

export function fmtMetric(v: number | null | undefined, digits = 3): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '-'
}

/** Wall time of a run: finished − started, or up to `now` while it runs. */
export function runSeconds(run: RunSummary, now = Date.now()): number | null {
  if (!run.startedAt) return null
  const start = Date.parse(run.startedAt)
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null
}

/** 75 → "1 min 15 s", 3725 → "1 h 2 min"; null → "-". */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '-'
  const s = Math.round(sec)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}
