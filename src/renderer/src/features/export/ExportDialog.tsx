// Export from the app: nnU-Net / MSD layout, PNG masks, NIfTI label volumes, DICOM SEG, the
// trained model with its card, or a one-file HTML run report — the same services as the CLI.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import type { ProjectInfo, RunSummary } from '../../../../shared/domain'
import { ErrorBanner, messageOf } from '../../components/ErrorBanner'
import { PathField } from '../projects/PathField'

type Format = 'nnunet' | 'png' | 'nifti' | 'dicom-seg' | 'model' | 'report'
const FORMATS: { value: Format; label: string; needsRun: boolean }[] = [
  { value: 'nnunet', label: 'nnU-Net v2 / Decathlon dataset (images + labels, dataset.json, patient-grouped folds)', needsRun: false },
  { value: 'png', label: 'PNG masks named after their images', needsRun: false },
  { value: 'nifti', label: 'NIfTI label volumes (source affine kept)', needsRun: false },
  { value: 'dicom-seg', label: 'DICOM SEG for DICOM sources', needsRun: false },
  { value: 'model', label: 'Trained model (tfjs layers) + model card', needsRun: true },
  { value: 'report', label: 'Run report (one HTML file)', needsRun: true },
]

export function ExportDialog({ project, onClose }: { project: ProjectInfo; onClose: () => void }) {
  const [format, setFormat] = useState<Format>('nnunet')
  const [out, setOut] = useState('')
  const [split, setSplit] = useState<'all' | 'train' | 'val' | 'test'>('all')
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [runId, setRunId] = useState('')
  const [force, setForce] = useState(false)
  const [usePredictions, setUsePredictions] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<string | null>(null)
  const [warnings, setWarnings] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api.training.runs({ projectId: project.id }).then((r) => {
      const done = r.filter((x) => x.status === 'done' || x.status === 'cancelled')
      setRuns(done)
      if (done[0]) setRunId(done[0].id)
    }).catch((e) => setError(messageOf(e)))
  }, [project.id])

  const spec = FORMATS.find((f) => f.value === format)!
  const run = async () => {
    setBusy(true)
    setError(null)
    setResult(null)
    setWarnings([])
    try {
      if (format === 'report') {
        const r = await api.export.report({ projectId: project.id, runId, out })
        setResult(`wrote ${r.out} (${Math.round(r.bytes / 1024)} KiB)`)
      } else {
        const r = await api.export.run({ projectId: project.id, format, out, split, force, runId: spec.needsRun || (runId && usePredictions) ? runId : undefined })
        setResult(`wrote ${r.files} files to ${r.out}`)
        setWarnings(r.warnings)
      }
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="card modal export-dialog" data-testid="export-dialog" onClick={(e) => e.stopPropagation()}>
        <h2>Export</h2>
        <label>Format
          <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
            {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
        </label>
        <label>{format === 'report' ? 'Report file (.html)' : 'Output folder (new or empty)'}
          <PathField value={out} onChange={setOut} testId="export-out" placeholder={format === 'report' ? '/path/to/report.html' : '/path/to/export'} />
        </label>
        {(format === 'nnunet' || format === 'png' || format === 'nifti' || format === 'dicom-seg') && (
          <>
            <label>Split
              <select data-testid="export-split" value={split} onChange={(e) => setSplit(e.target.value as typeof split)}>
                <option value="all">all</option><option value="train">train</option><option value="val">val</option><option value="test">test</option>
              </select>
            </label>
            <label className="inline"><input type="checkbox" checked={usePredictions} onChange={(e) => setUsePredictions(e.target.checked)} data-testid="export-use-predictions" /> export a run's predictions instead of the ground truth</label>
          </>
        )}
        {(spec.needsRun || usePredictions) && (
          <label>Run
            <select data-testid="export-run" value={runId} onChange={(e) => setRunId(e.target.value)}>
              {runs.length === 0 && <option value="">no finished run</option>}
              {runs.map((r) => <option key={r.id} value={r.id}>{r.name} · {r.id}</option>)}
            </select>
          </label>
        )}
        {format !== 'report' && <label className="inline"><input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} data-testid="export-force" /> write into a folder that is not empty</label>}
        <div className="row">
          <button className="primary" data-testid="export-start" disabled={busy || !out.trim() || ((spec.needsRun || usePredictions) && !runId)} onClick={run}>{busy ? 'Exporting…' : 'Export'}</button>
          <button onClick={onClose}>Close</button>
        </div>
        {result && <p data-testid="export-result">{result}</p>}
        {warnings.map((w) => <p key={w} className="warning small">{w}</p>)}
        <ErrorBanner error={error} onDismiss={() => setError(null)} testId="export-error" />
      </div>
    </div>
  )
}
