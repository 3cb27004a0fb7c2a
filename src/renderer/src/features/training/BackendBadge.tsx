// Which backend trains: the run's own (once its trainer reported it), else what `auto` would pick
// from the probe. Warns when training lands on the pure-JS cpu backend, with why the faster ones failed.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import type { BackendProbe } from '../../../../shared/views'
import { backendLabel, isSlowBackend } from './run-metrics'

/** The probe forks a process and loads tfjs: done once per page load, shared by every badge. */
let probeOnce: Promise<BackendProbe[]> | null = null
function probeBackends(): Promise<BackendProbe[]> {
  probeOnce ??= api.training.backends({}).catch((e: Error) => {
    probeOnce = null
    return [{ name: 'probe', ok: false, reason: e.message }]
  })
  return probeOnce
}

export function BackendBadge({ runBackend, requested }: { runBackend: string | null; requested: string }) {
  const [probes, setProbes] = useState<BackendProbe[] | null>(null)
  useEffect(() => {
    let live = true
    void probeBackends().then((p) => live && setProbes(p))
    return () => { live = false }
  }, [])

  const autoPick = probes?.find((p) => p.ok)?.name ?? null
  const shown = runBackend ?? (requested === 'auto' ? autoPick : requested)
  const slow = isSlowBackend(shown)
  const failed = (probes ?? []).filter((p) => !p.ok)
  return (
    <div className={`backend-badge${slow ? ' slow' : ''}`} data-testid="backend-badge" data-backend={shown ?? ''}>
      <span className="backend-name">
        Backend: <strong>{shown ? backendLabel(shown) : probes ? 'none loads' : 'probing…'}</strong>
        {!runBackend && requested === 'auto' && shown && <span className="muted"> (auto)</span>}
      </span>
      {slow && (
        <span className="warning" data-testid="backend-warning">
          Training falls back to the pure-JS cpu backend: expect it to be slow. Use a small input size, or install @tensorflow/tfjs-node.
        </span>
      )}
      {probes && (
        <details className="backend-probes">
          <summary>all backends</summary>
          <ul>
            {probes.map((p) => (
              <li key={p.name} className={p.ok ? '' : 'muted'}>
                {backendLabel(p.name)}: {p.ok ? `loads${p.imgPerSec ? ` (${Math.round(p.imgPerSec)} img/s)` : ''}` : p.reason ?? 'not available'}
              </li>
            ))}
          </ul>
          {failed.length === 0 && <span className="muted">every backend loads</span>}
        </details>
      )}
    </div>
  )
}
