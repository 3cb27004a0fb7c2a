// What every mask tool sees and returns. Tools are small state machines
// (idle → drawing → commit | cancel) that edit the label map in place and report the box they
// touched, so the painter repaints and the history stores only that box.

import type { Bbox } from '../bbox'

export interface IntensityRange {
  low: number
  high: number
}

/** The label map being edited and the image it belongs to (same width × height). */
export interface EditTarget {
  labels: Uint8Array
  image: Float32Array
  width: number
  height: number
}

/** Settings read when a gesture starts and kept until it ends. */
export interface ToolSettings {
  classValue: number
  /** Brush/eraser diameter in image pixels, ≥ 1. */
  brushSize: number
  /** Paint (not erase) only where image value ∈ [low, high] (Segment Editor's editable intensity range). */
  intensityRange: IntensityRange | null
  /** Flood fill: |value − seed value| ≤ tolerance joins the region. */
  tolerance: number
}

export type ToolContext = EditTarget & ToolSettings

/** A pointer sample in image coordinates (pixel (i, j) covers [i, i+1) × [j, j+1)). */
export interface ToolPointer {
  x: number
  y: number
  /** Erase instead of paint (right button or the erase modifier held when the gesture began). */
  erase: boolean
  /** Polygon: clicking within this many image pixels of the first vertex closes the outline. */
  closeRadius?: number
}

/** A finished gesture: `before` is the whole label map as it was when the gesture began. */
export interface ToolCommit {
  bbox: Bbox
  before: Uint8Array
}

export interface ToolUpdate {
  /** Pixels changed by this event (repaint them); null when none. */
  dirty: Bbox | null
  /** Set when the gesture ended with at least one changed pixel: one undo step. */
  commit?: ToolCommit
}

export type ToolState = 'idle' | 'drawing'

export interface MaskTool {
  readonly name: string
  readonly state: ToolState
  pointerDown(ctx: ToolContext, p: ToolPointer): ToolUpdate
  pointerMove(p: ToolPointer): ToolUpdate
  pointerUp(p: ToolPointer): ToolUpdate
  /** Escape: abandon the gesture, restore every pixel it touched, return the box to repaint. */
  cancel(): Bbox | null
}

export const NO_UPDATE: ToolUpdate = Object.freeze({ dirty: null })
