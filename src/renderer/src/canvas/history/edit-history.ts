// What the editor needs from an undo store. MaskHistory (one image) and the per-slice view of a
// VolumeHistory (volumes: one global list across slices) both provide it.

import type { Bbox } from '../bbox'

export interface EditHistory {
  /** `before` and `after` are full-size maps of the edited slice; only `bbox` is kept. */
  record(before: Uint8Array, after: Uint8Array, bbox: Bbox, label?: string): void
  /** Undo into `labels` (the shown map); returns the box to repaint there, or null. */
  undo(labels: Uint8Array): Bbox | null
  redo(labels: Uint8Array): Bbox | null
  memoryBytes(): number
  readonly undoDepth: number
}
