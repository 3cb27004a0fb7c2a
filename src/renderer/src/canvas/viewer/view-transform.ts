// Screen ↔ image mapping of the stage: screen = offset + image × scale, in CSS pixels relative to
// the stage container's top-left. Pixel (i, j) covers image coords [i, i+1) × [j, j+1), so its
// centre is on screen at (offsetX + (i + 0.5)·scale, offsetY + (j + 0.5)·scale).

export interface ViewTransform {
  scale: number
  offsetX: number
  offsetY: number
}

export const MIN_SCALE = 1 / 32
export const MAX_SCALE = 64

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s))
}

export function screenToImage(v: ViewTransform, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - v.offsetX) / v.scale, y: (sy - v.offsetY) / v.scale }
}

export function imageToScreen(v: ViewTransform, x: number, y: number): { x: number; y: number } {
  return { x: v.offsetX + x * v.scale, y: v.offsetY + y * v.scale }
}

/** Zoom by `factor` keeping the image point under (sx, sy) fixed on screen. */
export function zoomAt(v: ViewTransform, factor: number, sx: number, sy: number): ViewTransform {
  const scale = clampScale(v.scale * factor)
  const k = scale / v.scale
  return { scale, offsetX: sx - (sx - v.offsetX) * k, offsetY: sy - (sy - v.offsetY) * k }
}

/** Whole image visible and centred, with `margin` CSS pixels around it. */
export function fitView(imgW: number, imgH: number, stageW: number, stageH: number, margin = 8): ViewTransform {
  const availW = Math.max(1, stageW - 2 * margin)
  const availH = Math.max(1, stageH - 2 * margin)
  const scale = clampScale(Math.min(availW / imgW, availH / imgH))
  return centred(scale, imgW, imgH, stageW, stageH)
}

/** One image pixel per CSS pixel, centred (offsets rounded so pixels land on the pixel grid). */
export function oneToOneView(imgW: number, imgH: number, stageW: number, stageH: number): ViewTransform {
  return centred(1, imgW, imgH, stageW, stageH)
}

function centred(scale: number, imgW: number, imgH: number, stageW: number, stageH: number): ViewTransform {
  return {
    scale,
    offsetX: Math.round((stageW - imgW * scale) / 2),
    offsetY: Math.round((stageH - imgH * scale) / 2),
  }
}

/** Wheel delta → zoom factor: one notch (≈100 px) is ×1.2. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY
  return Math.pow(1.2, -px / 100)
}

export function formatZoom(scale: number): string {
  const pct = scale * 100
  return `${pct >= 10 ? Math.round(pct) : pct.toFixed(1)}%`
}
