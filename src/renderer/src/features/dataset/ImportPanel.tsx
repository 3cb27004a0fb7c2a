// Import from the UI: paths typed or dropped, options as the CLI has them, live progress, summary.
import { useState } from 'react'
import type { ImportSummary } from '../../../../shared/import-types'
import { api } from '../../api'
import { ProgressBar } from '../../components/ProgressBar'
import { ErrorBanner, messageOf } from '../../components/ErrorBanner'
import { canPick, droppedPaths, pickPaths } from '../../components/native-paths'
import { useImportProgress } from './useImportProgress'
import { ImportSummaryView } from './ImportSummaryView'

type Layout = 'auto' | 'classes' | 'pairs' | 'plain' | 'dicom' | 'nifti' | 'idx'

export const NO_DROP_PATHS =
  'This browser does not reveal where dropped files live on disk (RadLab serve mode). Type or paste the folder paths in the box instead, one per line.'

export function ImportPanel({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const [paths, setPaths] = useState('')
  const [split, setSplit] = useState<'' | 'train' | 'val' | 'test'>('')
  const [layout, setLayout] = useState<Layout>('auto')
  const [masks, setMasks] = useState('')
  const [classes, setClasses] = useState('')
  const [running, setRunning] = useState(false)
  const [summary, setSummary] = useState<ImportSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dragOver, setDragOver] = useState(false)
  const [progress, resetProgress] = useImportProgress(projectId)

  const list = paths.split('\n').map((p) => p.trim()).filter(Boolean)
  const addPaths = (more: string[]) => setPaths((old) => [...old.split('\n').map((p) => p.trim()).filter(Boolean), ...more].join('\n'))

  const run = async () => {
    setRunning(true); setError(null); setSummary(null); resetProgress()
    try {
      const s = await api.import.run({
        projectId, paths: list, split: split || undefined, layout, masks: masks.trim() || undefined,
        classes: classes.trim() ? classes.split(',').map((c) => c.trim()).filter(Boolean) : undefined,
      })
      setSummary(s)
      onImported()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setRunning(false)
    }
  }

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault()
    setDragOver(false)
    const dropped = droppedPaths(e.dataTransfer)
    if (dropped.length) { addPaths(dropped); setError(null) } else setError(NO_DROP_PATHS)
  }

  return (
    <section className="import-panel" data-testid="import-panel">
      <div className={dragOver ? 'drop-zone over' : 'drop-zone'} data-testid="import-drop"
        onDragOver={(e) => { e.preventDefault(); setDragOver(true) }} onDragLeave={() => setDragOver(false)} onDrop={onDrop}>
        <label>Files or folders to import, one per line (or drop them here)
          <textarea data-testid="import-paths" rows={3} value={paths} spellCheck={false} onChange={(e) => setPaths(e.target.value)}
            placeholder={'/data/chest_xray\n/data/kaggle_3m'} />
        </label>
        {canPick() && (
          <div className="row">
            <button type="button" onClick={async () => addPaths(await pickPaths('folder', 'Folders to import'))}>Add folder…</button>
            <button type="button" onClick={async () => addPaths(await pickPaths('files', 'Files to import'))}>Add files…</button>
          </div>
        )}
      </div>
      <div className="import-options">
        <label>Split
          <select data-testid="import-split" value={split} onChange={(e) => setSplit(e.target.value as typeof split)}>
            <option value="">from folders / none</option><option value="train">train</option><option value="val">val</option><option value="test">test</option>
          </select>
        </label>
        <label>Layout
          <select data-testid="import-layout" value={layout} onChange={(e) => setLayout(e.target.value as Layout)}>
            {(['auto', 'classes', 'pairs', 'plain', 'dicom', 'nifti', 'idx'] as const).map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label><span>Masks path <span className="muted">(optional)</span></span>
          <input data-testid="import-masks" value={masks} onChange={(e) => setMasks(e.target.value)} placeholder="label volume or masks folder" spellCheck={false} />
        </label>
        <label><span>Class names <span className="muted">(IDX, comma-separated)</span></span>
          <input data-testid="import-classes" value={classes} onChange={(e) => setClasses(e.target.value)} placeholder="NORMAL,PNEUMONIA" />
        </label>
        <button className="primary" data-testid="import-run" disabled={running || list.length === 0} onClick={run}>
          {running ? 'Importing…' : `Import ${list.length || ''}`.trim()}
        </button>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} testId="import-error" />
      {running && (
        <ProgressBar testId="import-progress" done={progress?.done ?? 0} total={progress?.phase === 'importing' ? progress.total : 0}
          label={progress ? `${progress.phase} ${progress.total ? `${progress.done} / ${progress.total}` : ''} ${shortName(progress.current)}` : 'starting…'} />
      )}
      {summary && <ImportSummaryView s={summary} />}
    </section>
  )
}

function shortName(p: string): string {
  const parts = p.split(/[\\/]/)
  return parts.slice(-2).join('/')
}
