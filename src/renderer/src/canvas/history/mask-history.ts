// Undo/redo for one label map. Each step keeps only the touched box, run-length coded before and
// after (tldraw-style diffs rather than snapshots; a bounded store as in cornerstone3D's historyMemo).
// Limits: a step count and a byte cap; past either, the oldest steps are dropped.

import type { Bbox } from '../bbox'
import type { EditHistory } from './edit-history'
import { decodeRegionRle, encodeRegionRle } from './region-rle'

export interface HistoryStep {
  bbox: Bbox
  before: Uint8Array
  after: Uint8Array
  /** Free text for a history list ("brush", "fill", "interpolate"…). */
  label: string
}

export interface MaskHistoryOptions {
  /** At least 200 by requirement; default 500. */
  maxSteps?: number
  /** Default 48 MB. */
  maxBytes?: number
}

/** Book-keeping bytes per step (object, box, two typed-array headers) so the cap is honest. */
const STEP_OVERHEAD_BYTES = 160

export class MaskHistory implements EditHistory {
  private steps: HistoryStep[] = []
  /** Number of steps applied; steps[cursor..] are redo steps. */
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

  get redoDepth(): number {
    return this.steps.length - this.cursor
  }

  /** Bytes held by all steps (RLE payloads plus a fixed per-step overhead). */
  memoryBytes(): number {
    return this.bytes
  }

  /**
   * Record a committed change: `before` and `after` are full-size label maps (after is normally
   * the live map); only `bbox` of each is stored. Drops any redo steps.
   */
  record(before: Uint8Array, after: Uint8Array, bbox: Bbox, label = 'edit'): void {
    const step: HistoryStep = {
      bbox: { ...bbox },
      before: encodeRegionRle(before, this.width, bbox),
      after: encodeRegionRle(after, this.width, bbox),
      label,
    }
    for (const dropped of this.steps.splice(this.cursor)) this.bytes -= stepBytes(dropped)
    this.steps.push(step)
    this.bytes += stepBytes(step)
    this.cursor = this.steps.length
    while (this.steps.length > 1 && (this.steps.length > this.maxSteps || this.bytes > this.maxBytes)) {
      this.bytes -= stepBytes(this.steps.shift()!)
      this.cursor--
    }
  }

  /** Apply the previous step's "before" to `labels`; returns the box to repaint, or null. */
  undo(labels: Uint8Array): Bbox | null {
    if (!this.canUndo) return null
    const step = this.steps[--this.cursor]
    decodeRegionRle(step.before, labels, this.width, step.bbox)
    return { ...step.bbox }
  }

  redo(labels: Uint8Array): Bbox | null {
    if (!this.canRedo) return null
    const step = this.steps[this.cursor++]
    decodeRegionRle(step.after, labels, this.width, step.bbox)
    return { ...step.bbox }
  }

  clear(): void {
    this.steps = []
    this.cursor = 0
    this.bytes = 0
  }
}

function stepBytes(s: HistoryStep): number {
  return s.before.byteLength + s.after.byteLength + STEP_OVERHEAD_BYTES
}
