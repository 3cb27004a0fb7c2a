// The training dashboard: settings → Start / Cancel, live progress and charts of the focused run,
// the backend it runs on, and the run history (compare, predict, review).
import { useEffect, useState } from 'react'
import { api } from '../../api'
import type { ProjectInfo, RunSummary } from '../../../../shared/domain'
import { ErrorBanner } from '../../components/ErrorBanner'
import { BackendBadge } from './BackendBadge'
import { LiveCharts } from './LiveCharts'
import { RunHistory } from './RunHistory'
import { TrainingProgressBar } from './TrainingProgressBar'
import { TrainingSettings, defaultSettings, type TrainingSettingsValue } from './TrainingSettings'
import { useTrainingRuns } from './useTrainingRuns'

const isActive = (r: RunSummary) => r.status === 'running' || r.status === 'queued'

export function TrainingPage({ project }: { project: ProjectInfo }) {
  const state = useTrainingRuns(project.id)
  const [settings, setSettings] = useState<TrainingSettingsValue>(() => defaultSettings('segmentation'))
  const [focusedId, setFocusedId] = useState<string | null>(null)
  const [compare, setCompare] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  // Until the user picks one, follow the running run, else the newest.
  const focused = state.runs.find((r) => r.id === focusedId) ?? state.runs.find(isActive) ?? state.runs[0] ?? null
  const active = state.runs.find((r) => r.status === 'running') ?? state.runs.find((r) => r.status === 'queued') ?? null

  useEffect(() => { setFocusedId(null) }, [project.id])

  const start = async () => {
    setBusy(true)
    setError(null)
    try {
      const run = await api.training.start({ projectId: project.id, config: { ...settings } })
      state.upsert(run)
      setFocusedId(run.id)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  const cancel = async () => {
    if (!active) return
    try {
      state.upsert(await api.training.cancel({ projectId: project.id, runId: active.id }))
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const progress = focused ? state.progress.get(focused.id) ?? null : null
  return (
    <div className="training-page" data-testid="training-page">
      <section className="train-left">
        <h2>Train a model</h2>
        <TrainingSettings value={settings} onChange={setSettings} disabled={busy} />
        <div className="train-buttons">
          <button className="primary" data-testid="train-start" disabled={busy} onClick={start}>
            {active ? 'Start (queues after the current run)' : 'Start'}
          </button>
          <button data-testid="train-cancel" disabled={!active} onClick={cancel}>Cancel{active?.status === 'queued' ? ' queued run' : ''}</button>
        </div>
        <ErrorBanner error={error ?? state.error} onDismiss={() => setError(null)} testId="train-error" />
        <BackendBadge runBackend={focused?.backend ?? null} requested={focused ? String(focused.config.backend ?? 'auto') : settings.backend} />
      </section>
      <section className="train-main">
        {focused ? (
          <>
            <div className="train-focus-head">
              <h3>{focused.name} <span className="muted small">{focused.id}</span></h3>
              <span className={`status status-${focused.status}`} data-testid="focused-status">{focused.status}</span>
            </div>
            {isActive(focused) && <TrainingProgressBar run={focused} progress={progress} />}
            {focused.status === 'failed' && <p className="error" data-testid="focused-error">{focused.error}</p>}
            <LiveCharts run={focused} trace={state.traces.get(focused.id)} traceVersion={state.traceVersion} />
          </>
        ) : (
          state.loaded && <p className="muted">No run yet: the charts fill as epochs end.</p>
        )}
        <h3>Runs</h3>
        <RunHistory projectId={project.id} runs={state.runs} focusedId={focused?.id ?? null} onFocus={setFocusedId} compare={compare} onCompare={setCompare} />
      </section>
    </div>
  )
}
