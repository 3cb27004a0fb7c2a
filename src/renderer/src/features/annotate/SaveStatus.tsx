// Autosave state in words ("saved", "saving…", "not saved: <reason>, retrying") and, when another
// window saved a newer version, the choice between loading theirs and saving mine on top.
import { describeSaveState, type SaveState } from './save-queue'

export function SaveStatus({ state, imageId, shownId }: { state: SaveState; imageId: number | null; shownId: number | null }) {
  const other = imageId !== null && imageId !== shownId && state.kind !== 'saved' ? ` (image ${imageId})` : ''
  return (
    <span data-testid="save-status" data-state={state.kind} className={`save-status save-${state.kind}`} role="status">
      {describeSaveState(state)}{other}
    </span>
  )
}

export function ConflictBanner(props: { state: SaveState; imageId: number | null; onLoadTheirs: () => void; onKeepMine: () => void; busy: boolean }) {
  const { state } = props
  if (state.kind !== 'conflict') return null
  return (
    <div className="conflict-banner" role="alert" data-testid="conflict-banner">
      <span>
        Another window saved a newer mask{props.imageId !== null ? ` of image ${props.imageId}` : ''}: {state.reason}. Your changes are kept here, not saved.
      </span>
      <button data-testid="conflict-load-theirs" disabled={props.busy} onClick={props.onLoadTheirs}>Load theirs</button>
      <button data-testid="conflict-keep-mine" disabled={props.busy} onClick={props.onKeepMine}>Keep mine (save on top)</button>
    </div>
  )
}
