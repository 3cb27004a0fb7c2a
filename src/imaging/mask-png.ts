// Masks as images: label maps ⇄ 8-bit grey PNG, and reading a mask file (PNG/TIFF/JPEG/…) paired
// with an image, checked against the image's size.
import { PNG } from 'pngjs'
import { decodeBuffer } from './decode'
import { describeThrown, ImagingError } from './errors'
import { readInput } from './io'
import { encodeGreyPng } from './thumbnail'

export interface LabelMap { width: number; height: number; labels: Uint8Array }

/** Label values stored as grey levels (0 = background), lossless. */
export function encodeLabelPng(labels: Uint8Array, width: number, height: number): Buffer {
  if (labels.length !== width * height) throw new Error(`label map has ${labels.length} pixels, expected ${width}×${height}`)
  return encodeGreyPng(labels, width, height)
}

export function decodeLabelPng(bytes: Uint8Array, file = 'mask.png'): LabelMap {
  let png: ReturnType<typeof PNG.sync.read>
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (e) {
    throw new ImagingError('corrupt', file, `mask PNG cannot be decoded (${describeThrown(e)})`, { cause: e })
  }
  const labels = new Uint8Array(png.width * png.height)
  for (let i = 0, j = 0; i < labels.length; i++, j += 4) labels[i] = png.data[j]
  return { width: png.width, height: png.height, labels }
}

export interface ReadMaskOptions {
  /** true (default): any value > 0 is label 1 (JPEG: > half range, to ignore compression noise). false: keep values 0–255. */
  binary?: boolean
}

/** Reads a mask image of any supported format into a label map. */
export async function readMaskImage(path: string, opts: ReadMaskOptions = {}): Promise<LabelMap> {
  return maskFromBytes(await readInput(path), path, opts)
}

/** The same from bytes already read (the import reads each file once, synchronously, inside its batch). */
export function maskFromBytes(bytes: Uint8Array, path: string, opts: ReadMaskOptions = {}): LabelMap {
  const set = decodeBuffer(bytes, path)
  const plane = set.planes[0]
  const labels = new Uint8Array(plane.width * plane.height)
  const src = plane.pixels
  if (opts.binary ?? true) {
    const threshold = set.format === 'jpeg' ? 127 : 0
    for (let i = 0; i < labels.length; i++) labels[i] = src[i] > threshold ? 1 : 0
  } else {
    for (let i = 0; i < labels.length; i++) labels[i] = src[i] // label masks hold 0–255; a Uint8Array store truncates fractions
  }
  return { width: plane.width, height: plane.height, labels }
}

export function checkMaskSize(file: string, mask: { width: number; height: number }, width: number, height: number): void {
  if (mask.width !== width || mask.height !== height) {
    throw new ImagingError('mask_mismatch', file, `mask is ${mask.width}×${mask.height} but its image is ${width}×${height}`)
  }
}

/** Mask for an image of the given size, or ImagingError 'mask_mismatch'. */
export async function readMaskForImage(path: string, width: number, height: number, opts: ReadMaskOptions = {}): Promise<Uint8Array> {
  const mask = await readMaskImage(path, opts)
  checkMaskSize(path, mask, width, height)
  return mask.labels
}
