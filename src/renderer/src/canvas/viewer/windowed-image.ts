// The image layer's pixels: the Float32 image mapped through the current window into an offscreen
// canvas that a Konva.Image shows. Rebuilt (LUT + one pass) only when the window changes. The
// canvas and its ImageData are reused for the next image of the same size (slice or image switch).

import { createOffscreenCanvas } from '../mask/mask-model'
import { applyGreyLut, buildGreyLut, imageRange, type ValueRange, type WindowLevel } from './window-level'

export interface EditorImage {
  width: number
  height: number
  pixels: Float32Array
}

export class WindowedImage {
  readonly canvas: HTMLCanvasElement | OffscreenCanvas
  private _image: EditorImage
  private _range: ValueRange & { integer: boolean }
  private ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D
  private imageData: ImageData
  private rgba: Uint32Array

  constructor(image: EditorImage) {
    checkImage(image)
    const { width, height } = image
    this.canvas = createOffscreenCanvas(width, height)
    const ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null
    if (!ctx) throw new Error('image canvas: 2D context unavailable')
    this.ctx = ctx
    this.imageData = ctx.createImageData(width, height)
    this.rgba = new Uint32Array(this.imageData.data.buffer)
    this._image = image
    this._range = imageRange(image.pixels)
  }

  get image(): EditorImage {
    return this._image
  }

  get range(): ValueRange & { integer: boolean } {
    return this._range
  }

  /** Take another image of the same size; call render() next. */
  replace(image: EditorImage): void {
    checkImage(image)
    if (image.width !== this._image.width || image.height !== this._image.height) {
      throw new Error(`WindowedImage.replace: ${image.width}×${image.height} differs from ${this._image.width}×${this._image.height}`)
    }
    this._image = image
    this._range = imageRange(image.pixels)
  }

  render(window: WindowLevel): void {
    applyGreyLut(this._image.pixels, buildGreyLut(this._range, window), this.rgba)
    this.ctx.putImageData(this.imageData, 0, 0)
  }

  /** Displayed grey (R=G=B) of pixel (i, j) under the current window: for tests. */
  greyAt(i: number, j: number): number {
    return this.imageData.data[4 * (j * this._image.width + i)]
  }
}

function checkImage(image: EditorImage) {
  const { width, height, pixels } = image
  if (!(width > 0 && height > 0) || pixels.length !== width * height) {
    throw new Error(`image has ${pixels.length} pixels, expected ${width}×${height}`)
  }
}
