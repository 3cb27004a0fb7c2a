// X-ray label triage: one image large with window/level, keys to label and move, queues, live counts.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { LabelClass, ProjectInfo, RunSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { ErrorBanner, messageOf } from '../../components/ErrorBanner'
import { ImageViewer } from '../../components/ImageViewer'
import { initialWindow, type DisplayWindow, type WindowPreset } from '../../components/window-level'
import { ClassButtons } from './ClassButtons'
import { ClassSetup } from './ClassSetup'
import { HelpOverlay } from './HelpOverlay'
import { LabelPanel } from './LabelPanel'
import { QueueBar } from './QueueBar'
import { WindowControls } from './WindowControls'
import { actionForKey } from './triage-keys'
import { usePixels } from './usePixels'
import { useTriage } from './useTriage'
import './triage.css'

export function TriagePage({ project }: { project: ProjectInfo }) {
  const [classes, setClasses] = useState<LabelClass[] | null>(null)
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [help, setHelp] = useState(false)
  const [wlMode, setWlMode] = useState(false)
  const [pageError, setPageError] = useState<string | null>(null)
  const t = useTriage(project.id)

  useEffect(() => {
    api.classes.list({ projectId: project.id }).then((cs) => setClasses(cs.filter((c) => c.kind === 'image')), (e) => setPageError(messageOf(e)))
    api.training.runs({ projectId: project.id }).then((rs) => {
      const done = rs.filter((r) => r.task === 'classification' && r.status === 'done').sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      setRuns(done)
      // The newest finished classification run is the one a user most likely wants to compare with.
      if (done.length) t.actions.setRunId(done[0].id)
    }, () => setRuns([]))
  }, [project.id])

  const imageClasses = classes ?? []
  const classMap = useMemo(() => new Map(imageClasses.map((c) => [c.id, c])), [classes])
  const item = t.items[t.index]
  const { pixels, error: pixelError } = usePixels(project.id, item?.imageId ?? null, [t.items[t.index + 1]?.imageId ?? null, t.items[t.index - 1]?.imageId ?? null])

  // The window for each new image: the last preset chosen, else the stored or automatic window.
  const preset = useRef<WindowPreset | null>(null)
  const [win, setWin] = useState<DisplayWindow | null>(null)
  useEffect(() => {
    if (!pixels) return
    setWin(preset.current
      ? preset.current.window({ data: pixels.data, min: pixels.min, max: pixels.max, stored: pixels.window })
      : initialWindow(pixels.data, pixels.min, pixels.max, pixels.window))
  }, [pixels])

  // Keys go through refs so the listener is installed once and never sees stale state.
  const latest = useRef({ t, imageClasses, help })
  latest.current = { t, imageClasses, help }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return
      const { t: tr, imageClasses: cs, help: helpOpen } = latest.current
      const action = actionForKey(e, cs.map((c) => c.name))
      if (!action) return
      e.preventDefault()
      if (helpOpen && action.type !== 'help' && action.type !== 'closeHelp') return
      switch (action.type) {
        case 'assign': return tr.actions.assign(cs[action.classIndex].id)
        case 'next': return tr.actions.move(1)
        case 'prev': return tr.actions.move(-1)
        case 'flag': return tr.actions.toggleFlag()
        case 'nextUnlabelled': return tr.actions.nextUnlabelled()
        case 'undo': return tr.actions.undo()
        case 'help': return setHelp((h) => !h)
        case 'closeHelp': return setHelp(false)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const classNames = imageClasses.map((c) => c.name)
  return (
    <div className="triage-page" data-testid="triage-page" data-pending={t.pending} data-image-id={item?.imageId ?? ''} data-index={t.index}>
      <div className="triage-main">
        <div className="triage-toolbar">
          <span data-testid="triage-position">{t.items.length ? `${t.index + 1} / ${t.items.length}` : '0 / 0'}</span>
          <span className="triage-name" data-testid="triage-name" title={item?.name}>{item?.name ?? ''}</span>
          <span className="spacer" />
          {pixels && <WindowControls min={pixels.min} stored={pixels.window} wlMode={wlMode} onWlMode={setWlMode}
            onPreset={(p) => { preset.current = p; setWin(p.window({ data: pixels.data, min: pixels.min, max: pixels.max, stored: pixels.window })) }} />}
          <button data-testid="triage-help" onClick={() => setHelp(true)} title="Keyboard shortcuts">?</button>
        </div>
        <ImageViewer pixels={pixels} window={win} onWindowChange={setWin} wlMode={wlMode} className="triage-viewer" testId="triage-viewer"
          emptyText={t.loading ? 'Loading…' : !item ? emptyQueueText(t.queue) : pixelError ?? 'Loading image…'} />
      </div>
      {/* Buttons here never take focus: Space or Enter after a click must not label the next image again. */}
      <aside className="triage-side" onMouseDown={(e) => { if ((e.target as HTMLElement).closest('button')) e.preventDefault() }}>
        <QueueBar queue={t.queue} onQueue={t.actions.setQueue} counts={t.counts} runs={runs} runId={t.runId} onRun={t.actions.setRunId} />
        <ErrorBanner error={pageError ?? t.error} onDismiss={() => { setPageError(null); t.actions.clearError() }} testId="triage-error" />
        {classes && imageClasses.length > 0 && (
          <ClassButtons classes={imageClasses} counts={t.counts} currentClassId={item?.classId ?? null} disabled={!item}
            onAssign={(id) => t.actions.assign(id)} />
        )}
        {item && (
          <button className={item.flagged ? 'active' : ''} data-testid="toggle-flag" onClick={t.actions.toggleFlag}>
            {item.flagged ? 'Flagged unsure (F)' : 'Flag as unsure (F)'}
          </button>
        )}
        <LabelPanel projectId={project.id} item={item} classes={classMap} imageClasses={imageClasses} runId={t.runId} version={t.labelVersion} />
        <div className="row">
          <button data-testid="triage-undo" onClick={t.actions.undo} disabled={!t.canUndo}>Undo (Ctrl+Z)</button>
          <button data-testid="next-unlabelled" onClick={t.actions.nextUnlabelled}>Next unlabelled (U)</button>
        </div>
        <div className="muted" data-testid="count-unlabelled">{t.counts.unlabelled ?? 0} unlabelled · {t.counts.flagged ?? 0} flagged</div>
        {classes && (
          <ClassSetup projectId={project.id} hasClasses={imageClasses.length > 0}
            onAdded={(c) => { setClasses((cs) => [...(cs ?? []).filter((x) => x.id !== c.id), c]); void t.actions.refreshCounts() }} />
        )}
      </aside>
      {help && <HelpOverlay classNames={classNames} onClose={() => setHelp(false)} />}
    </div>
  )
}

function emptyQueueText(q: string): string {
  return q === 'unlabelled' ? 'Every image has a label. Choose “All” or “Flagged” to review.' : `The ${q} queue is empty.`
}
