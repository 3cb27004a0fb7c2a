// Undo/redo across the slices of a volume: one global list of steps, each touching one or more
// slices (a brush stroke touches one; "fill between slices" touches all the slices it filled and
// is still one step). Each slice change keeps only its box, RLE-coded, like MaskHistory.

import type { Bbox } from '../bbox'
import type { EditHistory } from './edit-history'
import { STEP_OVERHEAD_BYTES, type MaskHistoryOptions } from './mask-history'
import { StepStack } from './step-stack'
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

export class VolumeHistory {
  private readonly stack: StepStack<VolumeStep>

  constructor(readonly width: number, readonly height: number, opts: MaskHistoryOptions = {}) {
    this.stack = new StepStack(Math.max(1, opts.maxSteps ?? 500), Math.max(1, opts.maxBytes ?? 48 * 1024 * 1024))
  }

  get canUndo(): boolean {
    return this.stack.canUndo
  }

  get canRedo(): boolean {
    return this.stack.canRedo
  }

  get undoDepth(): number {
    return this.stack.undoDepth
  }

  memoryBytes(): number {
    return this.stack.bytes
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
    this.stack.push({ changes: stored, label, bytes })
  }

  /** Undo the last step into the slices `slice(i)` returns; reports what changed where. */
  undo(slice: (index: number) => Uint8Array): SliceTouched[] | null {
    const step = this.stack.back()
    if (!step) return null
    return step.changes.map((c) => {
      decodeRegionRle(c.before, slice(c.slice), this.width, c.bbox)
      return { slice: c.slice, bbox: { ...c.bbox } }
    })
  }

  redo(slice: (index: number) => Uint8Array): SliceTouched[] | null {
    const step = this.stack.forward()
    if (!step) return null
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
