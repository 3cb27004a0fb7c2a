// The image layer's pixels: the Float32 image mapped through the current window into an offscreen
// canvas that a Konva.Image shows. Rebuilt (LUT + one pass) only when the window changes.

import { createOffscreenCanvas } from '../mask/mask-model'
import { applyGreyLut, buildGreyLut, imageRange, type ValueRange, type WindowLevel } from './window-level'

export interface EditorImage {
  width: number
  height: number
  pixels: Float32Array
}

export class WindowedImage {
  readonly canvas: HTMLCanvasElement | OffscreenCanvas
  readonly range: ValueRange & { integer: boolean }
  private ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D
  private imageData: ImageData
  private rgba: Uint32Array

  constructor(readonly image: EditorImage) {
    const { width, height, pixels } = image
    if (pixels.length !== width * height) {
      throw new Error(`image has ${pixels.length} pixels, expected ${width}×${height}`)
    }
    this.canvas = createOffscreenCanvas(width, height)
    const ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null
    if (!ctx) throw new Error('image canvas: 2D context unavailable')
    this.ctx = ctx
    this.imageData = ctx.createImageData(width, height)
    this.rgba = new Uint32Array(this.imageData.data.buffer)
    this.range = imageRange(pixels)
  }

  render(window: WindowLevel): void {
    applyGreyLut(this.image.pixels, buildGreyLut(this.range, window), this.rgba)
    this.ctx.putImageData(this.imageData, 0, 0)
  }
}
