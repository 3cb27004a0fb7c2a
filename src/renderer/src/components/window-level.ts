// Window/level for the plain image viewer: stored pixel values (any dtype) → grey RGBA.
// Same formula as the thumbnails and the mask editor, so an image looks the same everywhere:
//   grey = round(clamp((v − (c − w/2)) / w, 0, 1) × 255)
// Integer images with a range ≤ 65 536 values go through a per-value lookup table (one table
// rebuild per W/L change, then one table read per pixel); others are computed directly.

export interface DisplayWindow {
  center: number
  width: number
}

export type PixelArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array

export function greyOf(v: number, w: DisplayWindow): number {
  const width = w.width > 0 ? w.width : 1
  const t = (v - (w.center - width / 2)) / width
  if (!(t > 0)) return 0 // also NaN
  return t >= 1 ? 255 : Math.round(t * 255)
}

/** Packed opaque grey in the platform's byte order, for a Uint32Array view of ImageData. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
function packGrey(g: number): number {
  return LITTLE_ENDIAN ? (0xff000000 | (g << 16) | (g << 8) | g) >>> 0 : ((g << 24) | (g << 16) | (g << 8) | 0xff) >>> 0
}

/** Writes the windowed image into `out` (RGBA bytes, length 4 × pixels). */
export function renderWindowed(data: PixelArray, min: number, max: number, w: DisplayWindow, out: Uint8ClampedArray): void {
  const px = new Uint32Array(out.buffer, out.byteOffset, data.length)
  const span = max - min
  const integer = !(data instanceof Float32Array)
  if (integer && span >= 0 && span < 65536) {
    const lut = new Uint32Array(span + 1)
    for (let k = 0; k <= span; k++) lut[k] = packGrey(greyOf(min + k, w))
    for (let i = 0; i < data.length; i++) px[i] = lut[data[i] - min]
    return
  }
  for (let i = 0; i < data.length; i++) px[i] = packGrey(greyOf(data[i], w))
}

/**
 * The window spanning the lowP–highP percentiles (1–99 % by default) from a 4096-bin histogram
 * over [min, max]: robust to a few hot pixels (burned-in text, markers). A constant image gets width 1.
 */
export function percentileWindow(data: PixelArray, min: number, max: number, lowP = 1, highP = 99): DisplayWindow {
  if (!(max > min)) return { center: min, width: 1 }
  const bins = 4096
  const hist = new Uint32Array(bins)
  const scale = (bins - 1) / (max - min)
  let count = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v >= min && v <= max) {
      hist[((v - min) * scale) | 0]++
      count++
    }
  }
  if (count === 0) return { center: min, width: 1 }
  const lowCount = (count * lowP) / 100
  const highCount = (count * highP) / 100
  let acc = 0
  let lo = 0
  let hi = bins - 1
  let seenLow = false
  for (let b = 0; b < bins; b++) {
    acc += hist[b]
    if (!seenLow && acc > lowCount) { lo = b; seenLow = true }
    if (acc >= highCount) { hi = b; break }
  }
  const vLo = min + lo / scale
  const vHi = min + (hi + 1) / scale
  const width = Math.max(vHi - vLo, (max - min) / bins)
  return { center: vLo + width / 2, width }
}

/**
 * Right-drag window/level as radiology viewers do it: horizontal movement changes the width,
 * vertical the level (dragging up brightens). Sensitivity scales with the image's value range,
 * so a full drag across ~500 px sweeps the whole range whatever the bit depth.
 */
export function dragWindow(start: DisplayWindow, dx: number, dy: number, range: number): DisplayWindow {
  const perPixel = Math.max(range, 1) / 500
  return { center: start.center - dy * perPixel, width: Math.max(perPixel, start.width + dx * perPixel) }
}

export interface WindowPreset {
  key: string
  label: string
  window(ctx: { data: PixelArray; min: number; max: number; stored: DisplayWindow | null }): DisplayWindow
}

const fixed = (center: number, width: number) => () => ({ center, width })

/** Presets: automatic percentile windows for any image, the stored (DICOM) window, and CT windows in HU. */
export const GENERAL_PRESETS: WindowPreset[] = [
  { key: 'auto', label: 'Auto 1–99 %', window: ({ data, min, max }) => percentileWindow(data, min, max) },
  { key: 'auto-wide', label: 'Auto 0.1–99.9 %', window: ({ data, min, max }) => percentileWindow(data, min, max, 0.1, 99.9) },
  { key: 'full', label: 'Full range', window: ({ min, max }) => ({ center: (min + max) / 2, width: Math.max(max - min, 1) }) },
]
export const CT_PRESETS: WindowPreset[] = [
  { key: 'lung', label: 'CT lung', window: fixed(-600, 1500) },
  { key: 'mediastinum', label: 'CT mediastinum', window: fixed(50, 350) },
  { key: 'bone', label: 'CT bone', window: fixed(400, 1800) },
  { key: 'brain', label: 'CT brain', window: fixed(40, 80) },
]

/** The presets that make sense for this image (CT windows only when values look like Hounsfield units). */
export function presetsFor(min: number, stored: DisplayWindow | null): WindowPreset[] {
  const list = [...GENERAL_PRESETS]
  if (stored) list.push({ key: 'stored', label: 'Stored (DICOM)', window: () => stored })
  if (min <= -500) list.push(...CT_PRESETS)
  return list
}

/** The window an image opens with: its stored window if it has one, else the automatic one. */
export function initialWindow(data: PixelArray, min: number, max: number, stored: DisplayWindow | null): DisplayWindow {
  return stored && stored.width > 0 ? stored : percentileWindow(data, min, max)
}
