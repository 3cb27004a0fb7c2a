/** A determinate progress bar; `total` 0 shows an indeterminate stripe (e.g. while scanning). */
export function ProgressBar({ done, total, label, testId = 'progress' }: { done: number; total: number; label?: string; testId?: string }) {
  const pct = total > 0 ? Math.min(100, (100 * done) / total) : null
  return (
    <div className="progress" data-testid={testId} role="progressbar" aria-valuemin={0} aria-valuemax={total || undefined} aria-valuenow={total ? done : undefined}>
      <div className={pct === null ? 'progress-fill indeterminate' : 'progress-fill'} style={pct === null ? undefined : { width: `${pct}%` }} />
      <span className="progress-label">{label ?? (total > 0 ? `${done} / ${total}` : 'working…')}</span>
    </div>
  )
}
