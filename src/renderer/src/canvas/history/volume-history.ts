// Undo/redo across the slices of a volume: one global list of steps, each touching one or more
// slices (a brush stroke touches one; "fill between slices" touches all the slices it filled and
// is still one step). Each slice change keeps only its box, RLE-coded, like MaskHistory.

import type { Bbox } from '../bbox'
import type { EditHistory } from './edit-history'
import type { MaskHistoryOptions } from './mask-history'
import { decodeRegionRle, encodeRegionRle } from './region-rle'

export interface SliceChange {
  slice: number
  bbox: Bbox
  /** Full-size maps of that slice before and after the change. */
  before: Uint8Array
  after: Uint8Array
}

interface StoredChange {
  slice: number
  bbox: Bbox
  before: Uint8Array
  after: Uint8Array
}

interface VolumeStep {
  changes: StoredChange[]
  label: string
  bytes: number
}

export interface SliceTouched {
  slice: number
  bbox: Bbox
}

const STEP_OVERHEAD_BYTES = 160

export class VolumeHistory {
  private steps: VolumeStep[] = []
  private cursor = 0
  private bytes = 0
  readonly maxSteps: number
  readonly maxBytes: number

  constructor(readonly width: number, readonly height: number, opts: MaskHistoryOptions = {}) {
    this.maxSteps = Math.max(1, opts.maxSteps ?? 500)
    this.maxBytes = Math.max(1, opts.maxBytes ?? 48 * 1024 * 1024)
  }

  get canUndo(): boolean {
    return this.cursor > 0
  }

  get canRedo(): boolean {
    return this.cursor < this.steps.length
  }

  get undoDepth(): number {
    return this.cursor
  }

  memoryBytes(): number {
    return this.bytes
  }

  record(changes: SliceChange[], label = 'edit'): void {
    if (changes.length === 0) return
    const stored = changes.map((c) => ({
      slice: c.slice,
      bbox: { ...c.bbox },
      before: encodeRegionRle(c.before, this.width, c.bbox),
      after: encodeRegionRle(c.after, this.width, c.bbox),
    }))
    const bytes = stored.reduce((n, c) => n + c.before.byteLength + c.after.byteLength, STEP_OVERHEAD_BYTES)
    for (const dropped of this.steps.splice(this.cursor)) this.bytes -= dropped.bytes
    this.steps.push({ changes: stored, label, bytes })
    this.bytes += bytes
    this.cursor = this.steps.length
    while (this.steps.length > 1 && (this.steps.length > this.maxSteps || this.bytes > this.maxBytes)) {
      this.bytes -= this.steps.shift()!.bytes
      this.cursor--
    }
  }

  /** Undo the last step into the slices `slice(i)` returns; reports what changed where. */
  undo(slice: (index: number) => Uint8Array): SliceTouched[] | null {
    if (!this.canUndo) return null
    const step = this.steps[--this.cursor]
    return step.changes.map((c) => {
      decodeRegionRle(c.before, slice(c.slice), this.width, c.bbox)
      return { slice: c.slice, bbox: { ...c.bbox } }
    })
  }

  redo(slice: (index: number) => Uint8Array): SliceTouched[] | null {
    if (!this.canRedo) return null
    const step = this.steps[this.cursor++]
    return step.changes.map((c) => {
      decodeRegionRle(c.after, slice(c.slice), this.width, c.bbox)
      return { slice: c.slice, bbox: { ...c.bbox } }
    })
  }

  /**
   * The editor's view of this history while it shows slice `current` (pass as the editor's
   * `history` prop). Undo/redo of steps on other slices write into `slice(i)` and are reported
   * through `onOtherSlices` so the page can save (or jump to) them.
   */
  forSlice(current: number, slice: (index: number) => Uint8Array, onOtherSlices?: (touched: SliceTouched[]) => void): EditHistory {
    const resolve = (labels: Uint8Array) => (i: number) => (i === current ? labels : slice(i))
    const split = (touched: SliceTouched[] | null): Bbox | null => {
      if (!touched) return null
      const others = touched.filter((t) => t.slice !== current)
      if (others.length > 0) onOtherSlices?.(others)
      return touched.find((t) => t.slice === current)?.bbox ?? null
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const volume = this
    return {
      record: (before, after, bbox, label) => volume.record([{ slice: current, bbox, before, after }], label),
      undo: (labels) => split(volume.undo(resolve(labels))),
      redo: (labels) => split(volume.redo(resolve(labels))),
      memoryBytes: () => volume.memoryBytes(),
      get undoDepth() {
        return volume.undoDepth
      },
    }
  }
}
