// Epoch / batch progress of a running run, with images per second and the trainer's ETA.
import type { RunSummary } from '../../../../shared/domain'
import type { TrainingProgress } from '../../../../shared/views'
import { formatDuration } from './run-metrics'

export function TrainingProgressBar({ run, progress }: { run: RunSummary; progress: TrainingProgress | null }) {
  const epochs = progress?.epochs || Number(run.config.epochs ?? 0)
  const doneEpochs = run.epochs.length
  // Overall fraction: finished epochs plus the share of the current one.
  const frac = progress && epochs > 0 ? (progress.epoch - 1 + progress.batch / Math.max(1, progress.batches)) / epochs : epochs > 0 ? doneEpochs / epochs : 0
  const pct = Math.max(0, Math.min(100, frac * 100))
  const label = run.status === 'queued'
    ? 'queued: waits for the current job'
    : progress
      ? `epoch ${progress.epoch}/${epochs} · batch ${progress.batch}/${progress.batches} · ${Math.round(progress.imgPerSec)} img/s${progress.workers && progress.workers > 1 ? ` (${progress.workers} threads)` : ''} · loss ${progress.smoothedLoss.toFixed(4)} · ETA ${formatDuration(progress.etaSec)}`
      : 'starting the trainer…'
  return (
    <div className="progress" data-testid="train-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}
      data-epoch={progress?.epoch ?? 0} data-batch={progress?.batch ?? 0}>
      <div className={progress ? 'progress-fill' : 'progress-fill indeterminate'} style={progress ? { width: `${pct}%` } : undefined} />
      <span className="progress-label">{label}</span>
    </div>
  )
}
