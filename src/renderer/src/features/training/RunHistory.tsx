// The run history: status, backend, headline metric, duration; a failed run shows its reason.
// Two ticked runs are compared side by side; a finished run can predict and be reviewed.
import type { RunSummary } from '../../../../shared/domain'
import { navigate } from '../../app/route'
import { PredictAction } from './PredictAction'
import { backendLabel, compareRuns, fmtMetric, formatDuration, headlineMetric, runSeconds } from './run-metrics'

export interface RunHistoryProps {
  projectId: string
  runs: RunSummary[]
  focusedId: string | null
  onFocus: (id: string) => void
  compare: string[]
  onCompare: (ids: string[]) => void
}

export function RunHistory({ projectId, runs, focusedId, onFocus, compare, onCompare }: RunHistoryProps) {
  const toggle = (id: string) => {
    if (compare.includes(id)) onCompare(compare.filter((x) => x !== id))
    else onCompare([...compare, id].slice(-2)) // at most two: the oldest pick drops out
  }
  if (runs.length === 0) return <p className="muted" data-testid="runs-empty">No runs yet. Choose the settings above and press Start.</p>
  const pair = compare.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunSummary => Boolean(r))
  return (
    <div className="run-history">
      <table className="runs-table" data-testid="runs-table">
        <thead>
          <tr><th title="compare two runs">⇆</th><th>Run</th><th>Status</th><th>Backend</th><th>Epochs</th><th>Best</th><th>Time</th><th /></tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const head = headlineMetric(r)
            const done = r.status === 'done' || (r.status === 'cancelled' && r.best !== null)
            return (
              <tr key={r.id} data-testid="run-row" data-run-id={r.id} data-status={r.status} className={r.id === focusedId ? 'focused' : ''} onClick={() => onFocus(r.id)}>
                <td onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" data-testid="run-compare" checked={compare.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`compare ${r.name}`} />
                </td>
                <td>
                  <div>{r.name}</div>
                  <div className="muted small">{r.id} · {r.task}</div>
                  {r.status === 'failed' && <div className="error small" data-testid="run-error">{r.error ?? 'failed (no reason recorded)'}</div>}
                </td>
                <td><span className={`status status-${r.status}`}>{r.status}</span></td>
                <td>{backendLabel(r.backend)}</td>
                <td>{r.epochs.length} / {String(r.config.epochs ?? '-')}</td>
                <td>{head ? `${head.label} ${fmtMetric(head.value)}` : '-'}</td>
                <td>{formatDuration(runSeconds(r))}</td>
                <td onClick={(e) => e.stopPropagation()}>
                  {done && <PredictAction projectId={projectId} runId={r.id} />}
                  {done && <button className="link" data-testid="run-review" onClick={() => navigate({ name: 'review', projectId, runId: r.id })}>review</button>}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {pair.length === 2 && <RunCompare a={pair[0]} b={pair[1]} />}
      {pair.length === 1 && <p className="muted small">Tick one more run to compare.</p>}
    </div>
  )
}

function RunCompare({ a, b }: { a: RunSummary; b: RunSummary }) {
  const { config, metrics } = compareRuns(a, b)
  return (
    <table className="compare-table" data-testid="run-compare-table">
      <thead><tr><th /><th>{a.name}<div className="muted small">{a.id}</div></th><th>{b.name}<div className="muted small">{b.id}</div></th></tr></thead>
      <tbody>
        <tr className="section"><td colSpan={3}>Best metrics</td></tr>
        {metrics.map((r) => <tr key={`m-${r.key}`} className={r.differs ? 'differs' : ''}><td>{r.key}</td><td>{r.a}</td><td>{r.b}</td></tr>)}
        <tr className="section"><td colSpan={3}>Config</td></tr>
        {config.map((r) => <tr key={`c-${r.key}`} className={r.differs ? 'differs' : ''}><td>{r.key}</td><td>{r.a}</td><td>{r.b}</td></tr>)}
      </tbody>
    </table>
  )
}
