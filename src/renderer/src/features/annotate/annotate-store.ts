// The annotation page's data side: which image (or slice) is shown with its pixels and mask,
// one autosave queue per image, one undo history per image (or one per volume), review status,
// fill between slices, restore and conflict resolution. React reads it through
// useSyncExternalStore; the editor's pointer work never passes through here (only commits do).
import type { RadlabApi } from '../../../../shared/contract'
import type { ImageDetail, LabelClass, MaskVersion } from '../../../../shared/domain'
import { diffBbox, fillBetweenSlices, MaskHistory, type EditHistory, type EditorImage, type SliceTouched } from '../../canvas'
import { PixelCache } from './pixel-cache'
import { SaveQueue, worstState, type SaveState } from './save-queue'
import { UnsavedBackup } from './unsaved-backup'
import { VolumeSession } from './volume-session'

export interface ShownImage {
  imageId: number
  detail: ImageDetail
  image: EditorImage
  /** Page-owned map (the editor's `labels` prop); kept equal to the editor's map on every commit. */
  labels: Uint8Array
  /** Stable per image (volumes: per slice view of the volume's history). */
  history: EditHistory
  /** The stored mask cannot be shown (wrong size): read-only, never saved over. */
  maskError: string | null
  volume: VolumeSession | null
  sliceIndex: number | null
}

export interface Neighbours {
  prev: number | null
  next: number | null
  index: number
  total: number
}

export interface AnnotateSnapshot {
  loading: boolean
  loadError: string | null
  shown: ShownImage | null
  save: { state: SaveState; imageId: number | null }
  neighbours: Neighbours | null
  classes: LabelClass[] | null
  /** Bumped after every successful save of the shown image (history panel refresh). */
  versionsTick: number
  /** Unsaved changes of the shown image recovered from the window's storage (after a reload or crash). */
  recovered: { imageId: number; savedAt: string } | null
}

export interface AnnotateStoreOptions {
  api: RadlabApi
  projectId: string
  author: () => string
  debounceMs?: number
}

const KEEP_HISTORIES = 8

export class AnnotateStore {
  private snap: AnnotateSnapshot = {
    loading: true, loadError: null, shown: null, save: { state: { kind: 'saved' }, imageId: null }, neighbours: null, classes: null, versionsTick: 0, recovered: null,
  }
  private readonly listeners = new Set<() => void>()
  private readonly queues = new Map<number, SaveQueue>()
  /** Single images: the page keeps each image's undo list (LRU) so switching away and back keeps it. */
  private readonly histories = new Map<number, MaskHistory>()
  /** Single images: the latest map per image, used when it comes back with unsaved changes. */
  private readonly maps = new Map<number, Uint8Array>()
  private volume: VolumeSession | null = null
  private readonly sliceHistories = new Map<number, EditHistory>()
  private readonly pixels: PixelCache
  private readonly backup: UnsavedBackup
  private loadToken = 0
  private readonly api: RadlabApi
  private readonly projectId: string

  constructor(private readonly opts: AnnotateStoreOptions) {
    this.api = opts.api
    this.projectId = opts.projectId
    this.pixels = new PixelCache((imageId) => this.api.images.pixels({ projectId: this.projectId, imageId }))
    const storage = (globalThis as { localStorage?: Storage }).localStorage ?? null
    this.backup = new UnsavedBackup(storage, `radlab-unsaved:${opts.projectId}:`)
  }

  // ----- store protocol -------------------------------------------------------------------------

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  getSnapshot = (): AnnotateSnapshot => this.snap

  private set(patch: Partial<AnnotateSnapshot>): void {
    this.snap = { ...this.snap, ...patch }
    for (const l of this.listeners) l()
  }

  // ----- classes --------------------------------------------------------------------------------

  async loadClasses(): Promise<void> {
    const all = await this.api.classes.list({ projectId: this.projectId })
    this.set({ classes: all.filter((c) => c.kind === 'mask' && c.value !== null) })
  }

  async addClass(name: string, color?: string): Promise<LabelClass> {
    const c = await this.api.classes.add({ projectId: this.projectId, name, kind: 'mask', ...(color ? { color } : {}) })
    await this.loadClasses()
    return c
  }

  // ----- opening images -------------------------------------------------------------------------

  /** Show image `imageId` (a plain image or a slice of a volume). Later calls win over earlier ones. */
  async open(imageId: number): Promise<void> {
    const token = ++this.loadToken
    const { api, projectId } = this
    if (this.snap.shown?.imageId === imageId) return
    // Leaving an image: save what is pending now rather than after the debounce.
    const leaving = this.snap.shown?.imageId
    if (leaving !== undefined) void this.queues.get(leaving)?.flush()
    this.set({ loading: true, loadError: null })
    try {
      const sameVolume = this.volume && this.volume.indexOf(imageId) >= 0 ? this.volume : null
      const [detail, image, mask] = await Promise.all([
        api.images.get({ projectId, imageId }),
        this.pixels.get(imageId),
        sameVolume
          ? Promise.resolve(null)
          : api.masks.current({ projectId, imageId }).then(
              (r) => ({ labels: r.labels, versionId: r.version?.id ?? null, error: null as string | null }),
              (e: Error & { code?: string }) => {
                // A stored mask of the wrong size is an error on this image, not a failed page.
                if (e.code === 'imaging') return { labels: null, versionId: null, error: e.message }
                throw e
              },
            ),
      ])
      if (token !== this.loadToken) return
      let shown: ShownImage
      if (detail.volumeId !== null) {
        let vol = sameVolume
        if (!vol || vol.volumeId !== detail.volumeId) {
          vol = await VolumeSession.load(api, projectId, detail.volumeId, detail.width, detail.height)
          if (token !== this.loadToken) return
          this.adoptVolume(vol)
        }
        const i = vol.indexOf(imageId)
        shown = {
          imageId, detail, image, labels: vol.maps[i], history: this.sliceHistory(vol, i), maskError: vol.errors[i], volume: vol, sliceIndex: i,
        }
      } else {
        shown = this.singleImage(imageId, detail, image, mask!)
      }
      const recovered = shown.volume ? null : this.recover(shown)
      this.set({ loading: false, shown, save: worstState(this.queues.values()), recovered })
      void this.afterOpen(shown, token)
    } catch (e) {
      if (token !== this.loadToken) return
      this.set({ loading: false, loadError: (e as Error).message })
    }
  }

  private singleImage(imageId: number, detail: ImageDetail, image: EditorImage, mask: { labels: Uint8Array | null; versionId: number | null; error: string | null }): ShownImage {
    const n = detail.width * detail.height
    const q = this.queues.get(imageId)
    let labels: Uint8Array
    if (mask.error) {
      labels = new Uint8Array(n)
    } else if (q && q.hasUnsaved() && this.maps.has(imageId)) {
      // Unsaved work from earlier (retrying or in conflict) wins over the stored version.
      labels = this.maps.get(imageId)!
    } else {
      labels = mask.labels && mask.labels.length === n ? mask.labels.slice() : new Uint8Array(n)
      if (q) q.reset(mask.versionId)
      else this.queue(imageId, mask.versionId)
    }
    this.maps.set(imageId, labels)
    let history = this.histories.get(imageId)
    if (!history || history.width !== detail.width || history.height !== detail.height) history = new MaskHistory(detail.width, detail.height)
    this.histories.delete(imageId)
    this.histories.set(imageId, history)
    while (this.histories.size > KEEP_HISTORIES) this.histories.delete(this.histories.keys().next().value!)
    return { imageId, detail, image, labels, history, maskError: mask.error, volume: null, sliceIndex: null }
  }

  /**
   * A map this window could not save before it was reloaded or closed: shown again and saved on
   * top of the version it was built on (a conflict if another window saved since, so the user
   * decides). Dropped when it equals what is stored (its save did land).
   */
  private recover(shown: ShownImage): { imageId: number; savedAt: string } | null {
    const q = this.queue(shown.imageId)
    if (shown.maskError || q.hasUnsaved()) return null
    const b = this.backup.read(shown.imageId)
    if (!b) return null
    if (b.labels.length !== shown.labels.length || sameBytes(b.labels, shown.labels)) {
      this.backup.clear(shown.imageId)
      return null
    }
    shown.labels.set(b.labels)
    // Saved on top of the version it was built on: if another window saved since, that is a conflict.
    q.reset(b.parentId)
    q.schedule(shown.labels)
    return { imageId: shown.imageId, savedAt: b.savedAt }
  }

  /** Page hide: keep every unsaved map in the window's storage (the flush may not finish). */
  backupUnsaved(): void {
    for (const q of this.queues.values()) {
      const m = q.unsaved
      if (m) this.backup.write(q.imageId, q.parentId, m)
    }
  }

  private adoptVolume(vol: VolumeSession): void {
    this.volume = vol
    this.sliceHistories.clear()
    vol.sliceIds.forEach((id, i) => {
      const q = this.queues.get(id)
      if (q && q.hasUnsaved()) return
      if (q) q.reset(vol.versions[i])
      else this.queue(id, vol.versions[i])
    })
  }

  private sliceHistory(vol: VolumeSession, i: number): EditHistory {
    let h = this.sliceHistories.get(i)
    if (!h) {
      h = vol.history.forSlice(i, vol.getSlice, (touched) => this.otherSlicesChanged(touched))
      this.sliceHistories.set(i, h)
    }
    return h
  }

  private async afterOpen(shown: ShownImage, token: number): Promise<void> {
    try {
      const ask = (imageId: number) => this.api.images.neighbours({ projectId: this.projectId, imageId })
      let n = await ask(shown.imageId)
      if (shown.volume) {
        // In a volume, next/previous image leave it (slices have their own keys).
        const ids = shown.volume.sliceIds
        const [first, last] = await Promise.all([ask(ids[0]), ask(ids[ids.length - 1])])
        n = { ...n, prev: first.prev, next: last.next }
      }
      if (token !== this.loadToken) return
      this.set({ neighbours: n })
      const ids: (number | null)[] = [n.next, n.prev]
      if (shown.volume && shown.sliceIndex !== null) {
        const s = shown.volume.sliceIds
        ids.push(s[shown.sliceIndex + 1], s[shown.sliceIndex - 1], s[shown.sliceIndex + 2], s[shown.sliceIndex - 2])
      }
      this.pixels.prefetch(ids)
    } catch {
      // Neighbours are a convenience; the page works without them.
    }
  }

  /** Volumes: the image id of slice i (0-based), clamped. */
  sliceId(i: number): number | null {
    const v = this.snap.shown?.volume
    if (!v) return null
    return v.sliceIds[Math.max(0, Math.min(v.sliceIds.length - 1, i))]
  }

  // ----- saving ---------------------------------------------------------------------------------

  private queue(imageId: number, parentId?: number | null): SaveQueue {
    let q = this.queues.get(imageId)
    if (!q) {
      q = new SaveQueue({
        imageId,
        parentId: parentId ?? null,
        debounceMs: this.opts.debounceMs ?? 300,
        save: (parent, labels) => this.api.masks.save({ projectId: this.projectId, imageId, parentId: parent, labels: labels as Uint8Array<ArrayBuffer>, author: this.opts.author() }),
        onChange: (qq) => {
          const k = qq.state.kind
          const m = qq.unsaved
          if ((k === 'retrying' || k === 'blocked' || k === 'conflict') && m) this.backup.write(qq.imageId, qq.parentId, m)
          else if (k === 'saved' && !qq.hasUnsaved()) this.backup.clear(qq.imageId)
          this.set({ save: worstState(this.queues.values()) })
        },
        onSaved: (qq) => {
          if (qq.imageId === this.snap.shown?.imageId) this.set({ versionsTick: this.snap.versionsTick + 1 })
          // The first save of a fresh image moves it from "none" to "draft" in main.
          const s = this.snap.shown
          if (s && s.imageId === qq.imageId && s.detail.reviewStatus === 'none') this.set({ shown: { ...s, detail: { ...s.detail, reviewStatus: 'draft' } } })
        },
      })
      this.queues.set(imageId, q)
    }
    return q
  }

  /** The editor committed a step on the shown image: keep its map and autosave it. */
  commit(labels: Uint8Array): void {
    const s = this.snap.shown
    if (!s || s.maskError) return
    if (labels !== s.labels) s.labels.set(labels)
    this.queue(s.imageId).schedule(s.labels)
  }

  /** Undo/redo changed slices other than the shown one (volumes): save them too. */
  otherSlicesChanged(touched: SliceTouched[]): void {
    const v = this.volume
    if (!v) return
    for (const t of touched) if (!v.errors[t.slice]) this.queue(v.sliceIds[t.slice]).schedule(v.maps[t.slice])
  }

  /** Save everything pending now (page hide, before approve/restore). */
  flushAll(): Promise<void> {
    return Promise.all([...this.queues.values()].map((q) => q.flush())).then(() => {})
  }

  /** The version this window last saved or loaded for the image (the next save's parent). */
  currentVersionId(imageId: number): number | null {
    return this.queues.get(imageId)?.parentId ?? null
  }

  hasUnsaved(): boolean {
    return [...this.queues.values()].some((q) => q.hasUnsaved())
  }

  // ----- whole-map changes (restore, load theirs, fill between slices) ------------------------

  /** Replace the shown map as one undoable step; the editor adopts the new array (history kept). */
  private replaceShownLabels(next: Uint8Array, label: string): void {
    const s = this.snap.shown
    if (!s) return
    const box = diffBbox(s.labels, next, s.detail.width, s.detail.height)
    if (box) s.history.record(s.labels, next, box, label)
    const fresh = next.slice()
    if (s.volume && s.sliceIndex !== null) s.volume.maps[s.sliceIndex] = fresh
    else this.maps.set(s.imageId, fresh)
    this.set({ shown: { ...s, labels: fresh } })
  }

  /** "Restore": main copies the old version into a new one; the editor shows it as one undoable step. */
  async restore(versionId: number): Promise<void> {
    const s = this.snap.shown
    if (!s) return
    const q = this.queue(s.imageId)
    await q.flush()
    if (q.hasUnsaved()) throw new Error('the current mask is not saved yet; resolve that first so nothing is lost')
    const [v, old] = await Promise.all([
      this.api.masks.restore({ projectId: this.projectId, versionId, author: this.opts.author() }),
      this.api.masks.version({ projectId: this.projectId, versionId }),
    ])
    q.reset(v.id)
    if (this.snap.shown?.imageId !== s.imageId) return
    this.replaceShownLabels(old.labels, 'restore')
    this.set({ versionsTick: this.snap.versionsTick + 1 })
  }

  /** Conflict, "load theirs": show the newer version; mine stays one undo away. */
  async loadTheirs(imageId: number): Promise<void> {
    const cur = await this.api.masks.current({ projectId: this.projectId, imageId })
    const q = this.queue(imageId)
    q.reset(cur.version?.id ?? null)
    const s = this.snap.shown
    const n = (s?.detail.width ?? 0) * (s?.detail.height ?? 0)
    const theirs = cur.labels ?? new Uint8Array(n)
    if (s && s.imageId === imageId) this.replaceShownLabels(theirs, 'load theirs')
    else if (this.volume && this.volume.indexOf(imageId) >= 0) this.volume.maps[this.volume.indexOf(imageId)].set(theirs)
    else this.maps.set(imageId, theirs.slice())
    this.set({ save: worstState(this.queues.values()), versionsTick: this.snap.versionsTick + 1 })
  }

  /**
   * Another window may have saved this image meanwhile (checked when the window regains focus).
   * With nothing unsaved here the newer version is shown at once (one undo step, so the previous
   * view is still reachable); with unsaved work nothing changes and the save reports the conflict.
   */
  async refreshIfNewer(): Promise<MaskVersion | null> {
    const s = this.snap.shown
    if (!s || s.maskError) return null
    const q = this.queues.get(s.imageId)
    if (!q || q.hasUnsaved() || q.state.kind !== 'saved') return null
    const cur = await this.api.masks.current({ projectId: this.projectId, imageId: s.imageId })
    const now = this.snap.shown
    const id = cur.version?.id ?? null
    if (!now || now.imageId !== s.imageId || q.hasUnsaved() || id === q.parentId) return null
    q.reset(id)
    this.replaceShownLabels(cur.labels ?? new Uint8Array(s.labels.length), 'newer version')
    this.set({ versionsTick: this.snap.versionsTick + 1 })
    return cur.version
  }

  /** Conflict, "keep mine": save the held map on top of the newer version. */
  async keepMine(imageId: number): Promise<void> {
    const q = this.queues.get(imageId)
    if (!q || q.state.kind !== 'conflict') return
    await q.keepMine(q.state.currentId)
    this.set({ versionsTick: this.snap.versionsTick + 1 })
  }

  /**
   * Volumes: shape-based fill of the slices strictly between key slices a and b (0-based), as ONE
   * step of the volume's undo history; every changed slice is autosaved. Returns the slices filled.
   */
  fillBetween(a: number, b: number): number[] {
    const s = this.snap.shown
    const v = s?.volume
    if (!s || !v || s.sliceIndex === null) return []
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    for (let i = lo; i <= hi; i++) if (v.errors[i]) throw new Error(`slice ${i + 1}: ${v.errors[i]}`)
    const touched = fillBetweenSlices(v.getSlice, a, b, v.width, v.height, v.history)
    for (const t of touched) this.queue(v.sliceIds[t.slice]).schedule(v.maps[t.slice])
    if (touched.some((t) => t.slice === s.sliceIndex)) {
      // The shown slice changed under the editor: hand it a new array (history is the volume's).
      const fresh = v.maps[s.sliceIndex].slice()
      v.maps[s.sliceIndex] = fresh
      this.set({ shown: { ...s, labels: fresh } })
    }
    return touched.map((t) => t.slice)
  }

  // ----- review status --------------------------------------------------------------------------

  async setReviewStatus(status: 'draft' | 'in_review' | 'approved'): Promise<void> {
    const s = this.snap.shown
    if (!s) return
    if (status === 'approved') {
      // Approve what is on screen: everything must be saved first.
      const q = this.queue(s.imageId)
      await q.flush()
      if (q.hasUnsaved()) throw new Error('the mask is not saved yet; it cannot be approved')
    }
    await this.api.review.setStatus({ projectId: this.projectId, imageId: s.imageId, status, author: this.opts.author() })
    const now = this.snap.shown
    if (now && now.imageId === s.imageId) this.set({ shown: { ...now, detail: { ...now.detail, reviewStatus: status } } })
  }

  dispose(): void {
    for (const q of this.queues.values()) q.dispose()
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
