import type { RunSummary } from '../../../../shared/domain'
import type { QueueName } from './useTriage'

const QUEUES: { name: QueueName; label: string }[] = [
  { name: 'unlabelled', label: 'Unlabelled' },
  { name: 'flagged', label: 'Flagged' },
  { name: 'disagree', label: 'Model disagrees' },
  { name: 'all', label: 'All' },
]

/** Which images to work through, and (for the model queues) which training run's predictions. */
export function QueueBar({ queue, onQueue, counts, runs, runId, onRun }: {
  queue: QueueName; onQueue: (q: QueueName) => void; counts: Record<string, number>
  runs: RunSummary[]; runId: string | undefined; onRun: (id: string | undefined) => void
}) {
  return (
    <div className="queue-bar">
      <div className="queue-tabs" role="tablist">
        {QUEUES.map((q) => (
          <button key={q.name} role="tab" aria-selected={queue === q.name} className={queue === q.name ? 'active' : ''}
            data-testid={`queue-${q.name}`} onClick={() => onQueue(q.name)}>
            {q.label}{q.name === 'unlabelled' || q.name === 'flagged' ? <span className="count"> {counts[q.name] ?? 0}</span> : null}
          </button>
        ))}
      </div>
      <label className="run-select">Model run
        <select data-testid="triage-run" value={runId ?? ''} onChange={(e) => onRun(e.target.value || undefined)}>
          <option value="">none</option>
          {runs.map((r) => <option key={r.id} value={r.id}>{r.name} · {new Date(r.createdAt).toLocaleDateString()}</option>)}
        </select>
      </label>
      {queue === 'disagree' && !runId && <p className="muted">Choose a finished classification run to see where its predictions disagree with the labels.</p>}
    </div>
  )
}
