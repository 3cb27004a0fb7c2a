// The mask is a label map: one byte per image pixel, 0 = background, k = the class whose value is k.
// MaskPainter turns it into RGBA pixels on an offscreen canvas that a Konva.Image shows. It only
// ever repaints a dirty box, so a brush stamp costs the stamp's area, not the image's.
// Opacity is not baked in: the Konva layer applies it, so the slider never repaints.

import { type Bbox, expandBbox, fullBbox } from '../bbox'

export interface MaskClass {
  value: number
  color: string
  name: string
}

export type MaskDisplayMode = 'fill' | 'outline'

export function createLabelMap(width: number, height: number): Uint8Array {
  return new Uint8Array(width * height)
}

/** Throws when a label map does not match the image; a wrong-size mask is an error, never stretched. */
export function assertLabelMapSize(labels: Uint8Array, width: number, height: number, what = 'mask'): void {
  if (labels.length !== width * height) {
    throw new Error(`${what} has ${labels.length} pixels, but the image is ${width}×${height} (${width * height})`)
  }
}

/** Parse '#rgb', '#rrggbb', '#rrggbbaa' or 'rgb(r,g,b)' into [r,g,b,a] bytes. */
export function parseColor(color: string): [number, number, number, number] {
  const c = color.trim()
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c)
  if (hex) {
    let h = hex[1]
    if (h.length === 3) h = h.split('').map((ch) => ch + ch).join('')
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16)
    return [n(0), n(2), n(4), h.length === 8 ? n(6) : 255]
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(c)
  if (rgb) {
    const a = rgb[4] === undefined ? 255 : Math.round(Math.min(1, Number(rgb[4])) * 255)
    return [Number(rgb[1]) & 255, Number(rgb[2]) & 255, Number(rgb[3]) & 255, a]
  }
  throw new Error(`class colour "${color}" is not #rgb, #rrggbb, #rrggbbaa or rgb()`)
}

/**
 * 256 RGBA entries packed as Uint32 in the platform's byte order, so painting writes one word
 * per pixel into a Uint32Array view of ImageData. Label 0 and unknown labels are transparent.
 */
export function buildColorTable(classes: readonly MaskClass[]): Uint32Array {
  const table = new Uint32Array(256)
  const bytes = new Uint8Array(table.buffer)
  for (const cls of classes) {
    if (!Number.isInteger(cls.value) || cls.value < 1 || cls.value > 255) {
      throw new Error(`class "${cls.name}" has value ${cls.value}; mask class values are 1..255`)
    }
    const [r, g, b, a] = parseColor(cls.color)
    bytes.set([r, g, b, a], cls.value * 4)
  }
  return table
}

/**
 * Paint `box` of the label map into `rgba` (a Uint32 view of a full-size RGBA buffer).
 * Outline mode draws a label pixel only where a 4-neighbour has another label or the image ends,
 * so the edge of each region is one pixel wide in image space.
 */
export function paintLabelsRgba(
  labels: Uint8Array,
  width: number,
  height: number,
  table: Uint32Array,
  mode: MaskDisplayMode,
  box: Bbox,
  rgba: Uint32Array,
): void {
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * width
    if (mode === 'fill') {
      for (let x = box.x0; x < box.x1; x++) rgba[row + x] = table[labels[row + x]]
      continue
    }
    for (let x = box.x0; x < box.x1; x++) {
      const i = row + x
      const v = labels[i]
      if (v === 0) {
        rgba[i] = 0
        continue
      }
      const edge =
        x === 0 || x === width - 1 || y === 0 || y === height - 1 ||
        labels[i - 1] !== v || labels[i + 1] !== v || labels[i - width] !== v || labels[i + width] !== v
      rgba[i] = edge ? table[v] : 0
    }
  }
}

type AnyCanvas = HTMLCanvasElement | OffscreenCanvas
type AnyContext = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D

/** Prefer a DOM canvas (what Konva.Image expects); fall back to OffscreenCanvas in workers. */
export function createOffscreenCanvas(width: number, height: number): AnyCanvas {
  if (typeof document !== 'undefined') {
    const c = document.createElement('canvas')
    c.width = width
    c.height = height
    return c
  }
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height)
  throw new Error('no canvas implementation available (needs a DOM or OffscreenCanvas)')
}

export class MaskPainter {
  readonly canvas: AnyCanvas
  private readonly ctx: AnyContext
  private readonly imageData: ImageData
  private readonly rgba: Uint32Array
  private table: Uint32Array
  private mode: MaskDisplayMode

  constructor(
    readonly width: number,
    readonly height: number,
    classes: readonly MaskClass[],
    mode: MaskDisplayMode = 'fill',
    canvas: AnyCanvas = createOffscreenCanvas(width, height),
  ) {
    this.canvas = canvas
    const ctx = canvas.getContext('2d', { willReadFrequently: false }) as AnyContext | null
    if (!ctx) throw new Error('mask canvas: 2D context unavailable')
    this.ctx = ctx
    this.imageData = ctx.createImageData(width, height)
    this.rgba = new Uint32Array(this.imageData.data.buffer)
    this.table = buildColorTable(classes)
    this.mode = mode
  }

  /** New colours or display mode: the whole mask must be repainted by the caller. */
  setClasses(classes: readonly MaskClass[]): void {
    this.table = buildColorTable(classes)
  }

  setDisplayMode(mode: MaskDisplayMode): void {
    this.mode = mode
  }

  get displayMode(): MaskDisplayMode {
    return this.mode
  }

  /** Repaint one dirty box (outline mode widens it by a pixel: neighbours' edges change too). */
  repaint(labels: Uint8Array, box: Bbox | null): void {
    if (!box) return
    const b = this.mode === 'outline' ? expandBbox(box, 1, this.width, this.height) : expandBbox(box, 0, this.width, this.height)
    if (!b) return
    paintLabelsRgba(labels, this.width, this.height, this.table, this.mode, b, this.rgba)
    // The dirty-rect form of putImageData uploads only the box.
    this.ctx.putImageData(this.imageData, 0, 0, b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0)
  }

  repaintAll(labels: Uint8Array): void {
    assertLabelMapSize(labels, this.width, this.height)
    this.repaint(labels, fullBbox(this.width, this.height))
  }
}
