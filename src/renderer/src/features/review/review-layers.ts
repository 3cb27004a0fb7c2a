// The bitmaps the three review views draw: the windowed image (rebuilt when W/L changes) and one
// colour layer per view (rebuilt when the threshold, the mode or the image changes). Offscreen
// canvases at the image's own size; the views scale them with drawImage.
import type { ImagePixels } from '../../../../shared/contract'
import { renderWindowed, type DisplayWindow } from '../../components/window-level'
import { AGREE_NONE, COLOURS, agreementMap, binaryOf, paintClasses, thresholdCut } from './overlap'

export interface ReviewLayers {
  truth: HTMLCanvasElement
  prediction: HTMLCanvasElement
  overlay: HTMLCanvasElement
}

function canvasOf(width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas')
  c.width = width
  c.height = height
  return c
}

function put(canvas: HTMLCanvasElement, fill: (px: Uint32Array) => void) {
  const ctx = canvas.getContext('2d')!
  const img = ctx.createImageData(canvas.width, canvas.height)
  fill(new Uint32Array(img.data.buffer))
  ctx.putImageData(img, 0, 0)
}

export function buildLayers(width: number, height: number, prob: Uint8Array | null, truth: Uint8Array | null, threshold: number, outline: boolean): ReviewLayers {
  const n = width * height
  const truthBin = truth && truth.length === n ? binaryOf(truth, 1) : null
  const probOk = prob && prob.length === n ? prob : null
  const truth1 = canvasOf(width, height)
  const pred1 = canvasOf(width, height)
  const over1 = canvasOf(width, height)
  if (truthBin) put(truth1, (px) => paintClasses(truthBin, width, height, [0, COLOURS.truth], outline, px))
  if (probOk) {
    const predBin = binaryOf(probOk, thresholdCut(threshold))
    put(pred1, (px) => paintClasses(predBin, width, height, [0, COLOURS.prediction], outline, px))
    const agree = agreementMap(probOk, truthBin, threshold)
    put(over1, (px) => paintClasses(agree, width, height, [AGREE_NONE, COLOURS.tp, COLOURS.fp, COLOURS.fn], outline, px))
  }
  return { truth: truth1, prediction: pred1, overlay: over1 }
}

/** The grey image under the layers; `render` re-windows it in place. */
export class WindowedBase {
  readonly canvas: HTMLCanvasElement
  private readonly ctx: CanvasRenderingContext2D
  private readonly data: ImageData
  private last: DisplayWindow | null = null

  constructor(readonly pixels: ImagePixels) {
    this.canvas = canvasOf(pixels.width, pixels.height)
    this.ctx = this.canvas.getContext('2d')!
    this.data = this.ctx.createImageData(pixels.width, pixels.height)
  }

  render(w: DisplayWindow) {
    if (this.last && this.last.center === w.center && this.last.width === w.width) return
    this.last = w
    renderWindowed(this.pixels.data, this.pixels.min, this.pixels.max, w, this.data.data)
    this.ctx.putImageData(this.data, 0, 0)
  }
}
