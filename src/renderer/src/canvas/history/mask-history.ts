// Undo/redo for one label map. Each step keeps only the touched box, run-length coded before and
// after (tldraw-style diffs rather than snapshots; a bounded store as in cornerstone3D's historyMemo).
// Limits: a step count and a byte cap; past either, the oldest steps are dropped.

import type { Bbox } from '../bbox'
import type { EditHistory } from './edit-history'
import { decodeRegionRle, encodeRegionRle } from './region-rle'
import { StepStack } from './step-stack'

export interface HistoryStep {
  bbox: Bbox
  before: Uint8Array
  after: Uint8Array
  /** Free text for a history list ("brush", "fill", "interpolate"…). */
  label: string
  /** RLE payloads plus book-keeping, for the byte cap. */
  bytes: number
}

export interface MaskHistoryOptions {
  /** At least 200 by requirement; default 500. */
  maxSteps?: number
  /** Default 48 MB. */
  maxBytes?: number
}

/** Book-keeping bytes per step (object, box, two typed-array headers) so the cap is honest. */
export const STEP_OVERHEAD_BYTES = 160

export class MaskHistory implements EditHistory {
  private readonly stack: StepStack<HistoryStep>

  constructor(readonly width: number, readonly height: number, opts: MaskHistoryOptions = {}) {
    this.stack = new StepStack(Math.max(1, opts.maxSteps ?? 500), Math.max(1, opts.maxBytes ?? 48 * 1024 * 1024))
  }

  get maxSteps(): number {
    return this.stack.maxSteps
  }

  get maxBytes(): number {
    return this.stack.maxBytes
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

  get redoDepth(): number {
    return this.stack.redoDepth
  }

  /** Bytes held by all steps (RLE payloads plus a fixed per-step overhead). */
  memoryBytes(): number {
    return this.stack.bytes
  }

  /**
   * Record a committed change: `before` and `after` are full-size label maps (after is normally
   * the live map); only `bbox` of each is stored. Drops any redo steps.
   */
  record(before: Uint8Array, after: Uint8Array, bbox: Bbox, label = 'edit'): void {
    const encodedBefore = encodeRegionRle(before, this.width, bbox)
    const encodedAfter = encodeRegionRle(after, this.width, bbox)
    this.stack.push({
      bbox: { ...bbox }, before: encodedBefore, after: encodedAfter, label,
      bytes: encodedBefore.byteLength + encodedAfter.byteLength + STEP_OVERHEAD_BYTES,
    })
  }

  /** Apply the previous step's "before" to `labels`; returns the box to repaint, or null. */
  undo(labels: Uint8Array): Bbox | null {
    const step = this.stack.back()
    if (!step) return null
    decodeRegionRle(step.before, labels, this.width, step.bbox)
    return { ...step.bbox }
  }

  redo(labels: Uint8Array): Bbox | null {
    const step = this.stack.forward()
    if (!step) return null
    decodeRegionRle(step.after, labels, this.width, step.bbox)
    return { ...step.bbox }
  }

  clear(): void {
    this.stack.clear()
  }
}
