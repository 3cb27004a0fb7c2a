// Autosave of one image's mask: every committed step schedules the latest map; after a short
// debounce it is saved as a new version whose parent is the last version this window saved (or
// loaded). A failed save keeps the map in memory and retries with backoff; a conflict (another
// window saved a newer version) or a refusal that cannot succeed by retrying stops and waits for
// the user. No DOM, no React: the page subscribes with onChange.

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'retrying'; reason: string; attempt: number; nextInMs: number }
  /** Another window saved `currentId` after our parent: never overwritten without the user's say. */
  | { kind: 'conflict'; reason: string; currentId: number | null }
  /** Retrying cannot help (approved image, wrong size…): kept in memory until the user acts. */
  | { kind: 'blocked'; reason: string }

export interface SavedVersion {
  id: number
}

/** What a save error carries across the API (RadlabApiError has these fields). */
export interface SaveErrorLike {
  code?: string
  message?: string
  details?: unknown
}

export interface SaveQueueOptions {
  imageId: number
  /** The version the editor started from (null: the image has no mask yet). */
  parentId: number | null
  save: (parentId: number | null, labels: Uint8Array) => Promise<SavedVersion>
  debounceMs?: number
  /** First retry delay; doubles per attempt up to maxRetryMs. */
  retryMs?: number
  maxRetryMs?: number
  onChange?: (q: SaveQueue) => void
  /** Called after each successful save (history panel refresh). */
  onSaved?: (q: SaveQueue, version: SavedVersion) => void
}

/** Codes for which a retry can succeed later (disk full, DB locked or read-only, connection lost). */
function retryable(err: SaveErrorLike): boolean {
  return err.code !== 'conflict' && err.code !== 'invalid_input' && err.code !== 'not_found'
}

/** main's conflict error names the newer version in details.currentId; the approved refusal has none. */
function conflictCurrentId(err: SaveErrorLike): number | null | undefined {
  const d = err.details as { currentId?: number | null } | undefined
  return err.code === 'conflict' && d && 'currentId' in d ? (d.currentId ?? null) : undefined
}

export class SaveQueue {
  readonly imageId: number
  private _parentId: number | null
  private _state: SaveState = { kind: 'saved' }
  /** The newest map not yet saved (a private copy). */
  private pending: Uint8Array | null = null
  private inflight: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private attempt = 0
  private disposed = false
  private readonly opts: Required<Omit<SaveQueueOptions, 'onChange' | 'onSaved'>> & Pick<SaveQueueOptions, 'onChange' | 'onSaved'>

  constructor(opts: SaveQueueOptions) {
    this.imageId = opts.imageId
    this._parentId = opts.parentId
    this.opts = { debounceMs: 300, retryMs: 1000, maxRetryMs: 30_000, ...opts }
  }

  get parentId(): number | null {
    return this._parentId
  }

  get state(): SaveState {
    return this._state
  }

  /** The newest map not yet saved (null when everything is saved). Do not modify. */
  get unsaved(): Uint8Array | null {
    return this.pending
  }

  /** True while a map is waiting, being saved, retrying or held by a conflict. */
  hasUnsaved(): boolean {
    return this.pending !== null || this.inflight !== null
  }

  /** A committed step: keep a copy of `labels` and save it after the debounce. */
  schedule(labels: Uint8Array): void {
    if (this.disposed) return
    this.pending = labels.slice()
    if (this._state.kind === 'conflict' || this._state.kind === 'blocked') return this.emit()
    if (this._state.kind !== 'retrying' && !this.inflight) this.setState({ kind: 'pending' })
    if (this._state.kind === 'retrying') return // the retry timer will pick up the newer map
    this.arm(this.opts.debounceMs)
  }

  /** Save now (page hide, image switch, before approve/restore). Resolves when nothing is in flight. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    while (!this.disposed) {
      if (this.inflight) {
        await this.inflight
        continue
      }
      if (!this.pending || this._state.kind === 'conflict' || this._state.kind === 'blocked') return
      // A failure re-arms the backoff timer and ends this flush; success loops for newer maps.
      await this.run()
      if (this._state.kind === 'retrying') return
    }
  }

  /** "Keep mine": save the held map on top of the newer version. */
  keepMine(currentId: number | null): Promise<void> {
    this._parentId = currentId
    this.attempt = 0
    this.setState({ kind: this.pending ? 'pending' : 'saved' })
    return this.flush()
  }

  /**
   * The image now shows version `versionId` (loaded theirs, restored on the server): unsaved
   * local changes are dropped and the next save builds on that version.
   */
  reset(versionId: number | null): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending = null
    this.attempt = 0
    this._parentId = versionId
    this.setState({ kind: 'saved' })
  }

  dispose(): void {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.inflight) void this.run()
    }, ms)
  }

  private run(): Promise<void> {
    if (this.inflight) return this.inflight
    const labels = this.pending
    if (!labels) return Promise.resolve()
    this.setState({ kind: 'saving' })
    const p = (async () => {
      try {
        const v = await this.opts.save(this._parentId, labels)
        this._parentId = v.id
        this.attempt = 0
        if (this.pending === labels) this.pending = null
        this.inflight = null
        this.opts.onSaved?.(this, v)
        if (this.pending) {
          // A newer step arrived while saving: save it too (after the debounce).
          this.setState({ kind: 'pending' })
          this.arm(this.opts.debounceMs)
        } else this.setState({ kind: 'saved' })
      } catch (e) {
        this.inflight = null
        const err = e as SaveErrorLike
        const reason = err.message ?? String(e)
        const currentId = conflictCurrentId(err)
        if (currentId !== undefined) return this.setState({ kind: 'conflict', reason, currentId })
        if (!retryable(err)) return this.setState({ kind: 'blocked', reason })
        this.attempt++
        const delay = Math.min(this.opts.maxRetryMs, this.opts.retryMs * 2 ** (this.attempt - 1))
        this.setState({ kind: 'retrying', reason, attempt: this.attempt, nextInMs: delay })
        this.arm(delay)
      }
    })()
    this.inflight = p
    return p
  }

  private setState(s: SaveState): void {
    this._state = s
    this.emit()
  }

  private emit(): void {
    if (!this.disposed) this.opts.onChange?.(this)
  }
}

const RANK: Record<SaveState['kind'], number> = { saved: 0, pending: 1, saving: 2, retrying: 3, blocked: 4, conflict: 5 }

/** The state to show for several queues (a volume's slices, images left while saving): the worst. */
export function worstState(queues: Iterable<SaveQueue>): { state: SaveState; imageId: number | null } {
  let worst: SaveState = { kind: 'saved' }
  let imageId: number | null = null
  for (const q of queues) {
    if (RANK[q.state.kind] > RANK[worst.kind]) {
      worst = q.state
      imageId = q.imageId
    }
  }
  return { state: worst, imageId }
}

export function describeSaveState(s: SaveState): string {
  switch (s.kind) {
    case 'saved':
      return 'saved'
    case 'pending':
    case 'saving':
      return 'saving…'
    case 'retrying':
      return `not saved: ${s.reason}, retrying in ${Math.ceil(s.nextInMs / 1000)} s`
    case 'conflict':
      return `not saved: ${s.reason}`
    case 'blocked':
      return `not saved: ${s.reason}`
  }
}
