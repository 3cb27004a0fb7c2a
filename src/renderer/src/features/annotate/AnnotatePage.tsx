// The mask editor page: the canvas library's <MaskEditor> wired to the project. Loads the image
// (or volume slice), its current mask and the project's mask classes; autosaves every committed
// step as a new version (annotate-store.ts / save-queue.ts); history, review status, slices,
// next/previous image and the `?` help. Pointer work stays inside the editor; React state only
// changes on commits, tool changes and navigation.
//
// Test hooks: data-testid="annotate-page" (data-image-id, data-loading), save-status
// (data-state), conflict-banner, review-status, slice-index, version-row, mask-load-error,
// image-position; the editor's own hooks (mask-editor, window.__radlabEditor, __radlabPerf).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { MaskVersion, ProjectInfo } from '../../../../shared/domain'
import { api } from '../../api'
import { navigate, routeToHash } from '../../app/route'
import { ErrorBanner, messageOf } from '../../components/ErrorBanner'
import { currentUser } from '../../state/user'
import {
  editorActions, MaskEditor, useEditorShortcuts, type MaskClass, type MaskEditorHandle, type WindowLevel,
} from '../../canvas'
import { AnnotateStore } from './annotate-store'
import { ClassSetup } from './ClassSetup'
import { HelpOverlay } from './HelpOverlay'
import { HistoryPanel } from './HistoryPanel'
import { matchPageShortcut } from './page-shortcuts'
import { ReviewPanel } from './ReviewPanel'
import { ConflictBanner, SaveStatus } from './SaveStatus'
import { SlicePanel } from './SlicePanel'
import { Toolbar, type ToolSettings } from './Toolbar'

const INITIAL: ToolSettings = {
  tool: 'brush', brushSize: 12, classValue: 1, opacity: 0.5, displayMode: 'fill', maskVisible: true,
  rangeOn: false, rangeLow: 0, rangeHigh: 255, tolerance: 10,
}

function isTyping(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))
}

/** Brush steps: 1 px at small sizes, about 15 % above 10 px. */
function nextBrushSize(size: number, dir: 1 | -1): number {
  const step = size < 10 ? 1 : Math.max(1, Math.round(size * 0.15))
  return Math.max(1, Math.min(512, size + dir * step))
}

export function AnnotatePage({ project, imageId }: { project: ProjectInfo; imageId: number }) {
  const [store] = useState(() => new AnnotateStore({ api, projectId: project.id, author: currentUser }))
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot)
  const { shown } = snap
  const editorRef = useRef<MaskEditorHandle>(null)
  const [settings, setSettings] = useState<ToolSettings>(INITIAL)
  const patch = useCallback((p: Partial<ToolSettings>) => setSettings((s) => ({ ...s, ...p })), [])
  const [win, setWin] = useState<WindowLevel | null>(null)
  const [viewing, setViewing] = useState<{ version: MaskVersion; labels: Uint8Array } | null>(null)
  const [help, setHelp] = useState(false)
  const [addingClass, setAddingClass] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [editorMaskError, setEditorMaskError] = useState<string | null>(null)
  /** A newer version saved in another window, loaded when this window got focus back. */
  const [newer, setNewer] = useState<MaskVersion | null>(null)
  /** Volumes keep the window across slices, as a radiologist expects while scrolling. */
  const volumeWindow = useRef<{ volumeId: number; w: WindowLevel } | null>(null)

  useEffect(() => {
    store.loadClasses().catch((e) => setError(messageOf(e)))
  }, [store])
  useEffect(() => {
    void store.open(imageId)
  }, [store, imageId])

  // Per image: leave version viewing, default the intensity range to the image's values.
  const shownId = shown?.imageId ?? null
  useEffect(() => {
    setViewing(null)
    setNewer(null)
    if (!shown) return
    setSettings((s) => (s.rangeOn ? s : { ...s, rangeLow: shown.detail.min, rangeHigh: shown.detail.max }))
    const w = editorRef.current?.getWindow()
    if (w) setWin(w)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownId])

  // The first class becomes active once classes arrive (or when the active one is gone).
  const classes = snap.classes
  useEffect(() => {
    if (classes && classes.length > 0 && !classes.some((c) => c.value === settings.classValue)) patch({ classValue: classes[0].value! })
  }, [classes, settings.classValue, patch])
  const editorClasses = useMemo<MaskClass[]>(() => (classes ?? []).map((c) => ({ value: c.value!, color: c.color, name: c.name })), [classes])

  // Nothing pending is left behind: save on page hide / close / leaving the page.
  useEffect(() => {
    const flush = () => void store.flushAll()
    const hide = () => {
      store.backupUnsaved()
      flush()
    }
    const beforeUnload = (e: BeforeUnloadEvent) => {
      store.backupUnsaved()
      void store.flushAll()
      // Only ask to stay when a save cannot go through now (conflict, refusal, failing disk).
      const k = store.getSnapshot().save.state.kind
      if (k === 'conflict' || k === 'blocked' || k === 'retrying') e.preventDefault()
    }
    window.addEventListener('pagehide', hide)
    window.addEventListener('beforeunload', beforeUnload)
    return () => {
      window.removeEventListener('pagehide', hide)
      window.removeEventListener('beforeunload', beforeUnload)
      flush()
    }
  }, [store])

  // Back in this window: show a version another window saved meanwhile (when nothing is unsaved here).
  useEffect(() => {
    const check = () => {
      if (document.visibilityState !== 'visible') return
      store.refreshIfNewer().then((v) => v && setNewer(v), () => {})
    }
    window.addEventListener('focus', check)
    document.addEventListener('visibilitychange', check)
    return () => {
      window.removeEventListener('focus', check)
      document.removeEventListener('visibilitychange', check)
    }
  }, [store])

  const goImage = useCallback((id: number | null | undefined) => {
    if (id != null) navigate({ name: 'annotate', projectId: project.id, imageId: id })
  }, [project.id])
  const goSlice = useCallback((i: number) => {
    const id = store.sliceId(i)
    // Slices replace the history entry: Back leaves the volume rather than scrolling it.
    if (id != null && id !== store.getSnapshot().shown?.imageId) window.location.replace(routeToHash({ name: 'annotate', projectId: project.id, imageId: id }))
  }, [store, project.id])

  const approved = shown?.detail.reviewStatus === 'approved'
  const noClasses = classes !== null && classes.length === 0
  const readOnly = !shown || approved || viewing !== null || shown.maskError !== null || editorMaskError !== null || noClasses || classes === null

  useEditorShortcuts({
    ...editorActions(() => editorRef.current),
    cancel: () => (help ? setHelp(false) : editorRef.current?.cancel()),
    'tool.brush': () => patch({ tool: 'brush' }),
    'tool.eraser': () => patch({ tool: 'eraser' }),
    'tool.polygon': () => patch({ tool: 'polygon' }),
    'tool.fill': () => patch({ tool: 'fill' }),
    'tool.windowLevel': () => patch({ tool: 'windowLevel' }),
    'brush.smaller': () => setSettings((s) => ({ ...s, brushSize: nextBrushSize(s.brushSize, -1) })),
    'brush.larger': () => setSettings((s) => ({ ...s, brushSize: nextBrushSize(s.brushSize, 1) })),
    'class.select': (i) => {
      const c = classes?.[(i ?? 1) - 1]
      if (c) patch({ classValue: c.value! })
    },
    'mask.toggleVisible': () => setSettings((s) => ({ ...s, maskVisible: !s.maskVisible })),
    'mask.toggleOutline': () => setSettings((s) => ({ ...s, displayMode: s.displayMode === 'fill' ? 'outline' : 'fill' })),
    'opacity.down': () => setSettings((s) => ({ ...s, opacity: Math.max(0, Math.round((s.opacity - 0.1) * 20) / 20) })),
    'opacity.up': () => setSettings((s) => ({ ...s, opacity: Math.min(1, Math.round((s.opacity + 0.1) * 20) / 20) })),
    'slice.next': () => shown?.sliceIndex != null && goSlice(shown.sliceIndex + 1),
    'slice.previous': () => shown?.sliceIndex != null && goSlice(shown.sliceIndex - 1),
    help: () => setHelp((h) => !h),
  })

  // The page's own keys (next/previous image, save now).
  const latest = useRef({ snap, goImage })
  latest.current = { snap, goImage }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target)) return
      const action = matchPageShortcut(e)
      if (!action) return
      e.preventDefault()
      const { snap: s, goImage: go } = latest.current
      if (action === 'image.next') go(s.neighbours?.next)
      else if (action === 'image.previous') go(s.neighbours?.prev)
      else void store.flushAll()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await fn()
      setError(null)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const initialWindow = useMemo(() => {
    if (!shown) return null
    const vw = volumeWindow.current
    if (shown.volume && vw && vw.volumeId === shown.volume.volumeId) return vw.w
    return shown.detail.window
    // Read when the image changes only (the editor keeps its window otherwise).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown?.image])

  const onWindowChange = (w: WindowLevel) => {
    setWin(w)
    if (shown?.volume) volumeWindow.current = { volumeId: shown.volume.volumeId, w }
  }

  const range = settings.rangeOn ? { low: Math.min(settings.rangeLow, settings.rangeHigh), high: Math.max(settings.rangeLow, settings.rangeHigh) } : null
  const saveState = snap.save
  const conflictImage = saveState.state.kind === 'conflict' ? saveState.imageId : null
  const n = snap.neighbours

  return (
    <div className="annotate-page" data-testid="annotate-page" data-image-id={shownId ?? ''} data-loading={snap.loading ? 'true' : 'false'}>
      <div className="annotate-head">
        <button data-testid="prev-image" disabled={!n?.prev} onClick={() => goImage(n?.prev)} title="Previous image (Shift+N)">◀</button>
        <span data-testid="image-position">{n && n.index >= 0 ? `${n.index + 1} / ${n.total}` : '–'}</span>
        <button data-testid="next-image" disabled={!n?.next} onClick={() => goImage(n?.next)} title="Next image (N)">▶</button>
        <span className="annotate-name" data-testid="image-name" title={shown?.detail.sourcePath ?? ''}>
          {shown ? `${shown.detail.name} · ${shown.detail.width}×${shown.detail.height}${shown.detail.modality ? ` · ${shown.detail.modality}` : ''}` : ''}
        </span>
        {snap.loading && <span className="muted small">loading…</span>}
        <span className="spacer" />
        <SaveStatus state={saveState.state} imageId={saveState.imageId} shownId={shownId} />
        <button data-testid="help-open" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">?</button>
      </div>
      <Toolbar
        settings={settings}
        onChange={patch}
        classes={classes ?? []}
        windowLevel={win}
        storedWindow={shown?.detail.window ?? null}
        onWindow={(w) => {
          const ed = editorRef.current
          if (!ed) return
          if (w === 'auto') ed.autoWindow()
          else ed.setWindow(w)
        }}
        onFit={() => editorRef.current?.fit()}
        onOneToOne={() => editorRef.current?.oneToOne()}
        onAddClass={() => setAddingClass(true)}
        disabled={readOnly}
      />
      <div className="annotate-body">
        <div className="annotate-canvas">
          {shown && (
            <MaskEditor
              ref={editorRef}
              image={shown.image}
              initialWindow={initialWindow}
              labels={viewing ? viewing.labels : shown.labels}
              history={shown.history}
              classes={editorClasses}
              activeClassValue={settings.classValue}
              tool={settings.tool}
              brushSize={settings.brushSize}
              intensityRange={range}
              fillTolerance={settings.tolerance}
              opacity={settings.opacity}
              displayMode={settings.displayMode}
              maskVisible={settings.maskVisible}
              readOnly={readOnly}
              onCommit={(labels) => store.commit(labels)}
              onWindowChange={onWindowChange}
              onMaskError={setEditorMaskError}
            />
          )}
          {/* Messages float over the stage so they never resize it (which would refit the view mid-work). */}
          <div className="annotate-overlays">
            <ConflictBanner
              state={saveState.state}
              imageId={conflictImage}
              busy={busy}
              onLoadTheirs={() => conflictImage !== null && run(() => store.loadTheirs(conflictImage))}
              onKeepMine={() => conflictImage !== null && run(() => store.keepMine(conflictImage))}
            />
            <ErrorBanner error={snap.loadError ?? error} onDismiss={snap.loadError ? undefined : () => setError(null)} testId="annotate-error" />
            {shown?.maskError && (
              <div className="error-banner" role="alert" data-testid="mask-load-error">
                <span>The stored mask cannot be shown: {shown.maskError}. Editing is off for this image so it is not saved over.</span>
              </div>
            )}
            {(noClasses || addingClass) && (
              <ClassSetup
                existing={classes?.length ?? 0}
                onAdd={async (name, color) => {
                  const c = await store.addClass(name, color)
                  patch({ classValue: c.value ?? 1 })
                  setAddingClass(false)
                }}
                onCancel={noClasses ? undefined : () => setAddingClass(false)}
              />
            )}
            {approved && (
              <div className="annotate-notice" data-testid="approved-notice">Approved: the mask is read-only. Reopen it for review to edit.</div>
            )}
            {snap.recovered && snap.recovered.imageId === shownId && (
              <div className="annotate-notice" data-testid="recovered-notice">
                Unsaved changes from {new Date(snap.recovered.savedAt).toLocaleString()} were recovered and are being saved.
              </div>
            )}
            {newer && (
              <div className="annotate-notice" data-testid="newer-version-notice">
                Showing version #{newer.id}, saved by {newer.author} at {new Date(newer.createdAt).toLocaleString()} in another window (Ctrl+Z goes back to what you saw).
                <button className="link" onClick={() => setNewer(null)} aria-label="Dismiss">×</button>
              </div>
            )}
            {viewing && (
              <div className="annotate-notice" data-testid="viewing-banner">
                Viewing version #{viewing.version.id} by {viewing.version.author}, {new Date(viewing.version.createdAt).toLocaleString()} (read-only).
                <button data-testid="viewing-close" onClick={() => setViewing(null)}>Back to current</button>
                {!approved && shown && viewing.version.id !== store.currentVersionId(shown.imageId) && (
                  <button data-testid="viewing-restore" disabled={busy} onClick={() => run(async () => { await store.restore(viewing.version.id); setViewing(null) })}>
                    Restore this version
                  </button>
                )}
              </div>
            )}
          </div>
        </div>
        <aside className="annotate-side">
          {shown?.volume && shown.sliceIndex !== null && (
            <SlicePanel
              index={shown.sliceIndex}
              count={shown.volume.sliceIds.length}
              volumeName={shown.volume.name}
              onSlice={goSlice}
              disabled={readOnly}
              defaultKeys={() => {
                const painted = shown.volume!.paintedSlices()
                return painted.length >= 2 ? [painted[0], painted[painted.length - 1]] : [0, shown.volume!.sliceIds.length - 1]
              }}
              onFill={(a, b) => {
                try {
                  const filled = store.fillBetween(a, b)
                  setError(filled.length === 0 ? 'Nothing to fill: paint both key slices first (the slices between them are interpolated).' : null)
                } catch (e) {
                  setError(messageOf(e))
                }
              }}
            />
          )}
          {shown && (
            <ReviewPanel
              status={shown.detail.reviewStatus}
              busy={busy}
              onSet={(s) => run(() => store.setReviewStatus(s))}
            />
          )}
          {shown && (
            <HistoryPanel
              projectId={project.id}
              imageId={shown.imageId}
              tick={snap.versionsTick}
              viewingId={viewing?.version.id ?? null}
              readOnly={approved || shown.maskError !== null}
              onView={(v) => run(async () => {
                const r = await api.masks.version({ projectId: project.id, versionId: v.id })
                setViewing({ version: r.version, labels: r.labels })
              })}
              onRestore={(v) => run(async () => { await store.restore(v.id); setViewing(null) })}
            />
          )}
        </aside>
      </div>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  )
}
