// Thumbnails: windowed, area-averaged grey PNGs for the dataset grid, and coloured mask overlays.
import { encodePng8 } from './png-encode'
import { downscaleArea, fitSize, resizeNearest } from './resample'
import type { DecodedPlane } from './types'
import { autoWindow, applyWindow, type DisplayWindow } from './window'

export function makeThumbnailPng(plane: Pick<DecodedPlane, 'width' | 'height' | 'pixels'>, window?: DisplayWindow | null, maxSide = 128): Buffer {
  const size = fitSize(plane.width, plane.height, maxSide)
  const small = size.width === plane.width && size.height === plane.height ? plane.pixels : downscaleArea(plane.pixels, plane.width, plane.height, size.width, size.height)
  // The automatic window is taken on the full-resolution plane so a thumbnail matches the viewer.
  const grey = applyWindow(small, window ?? autoWindow(plane.pixels))
  return encodeGreyPng(grey, size.width, size.height)
}

export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Buffer {
  return encodePng8(grey, width, height, 1)
}

export interface MaskColour { value: number; color?: string }

const PALETTE = ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6']

function parseHex(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** Label map as an RGBA PNG: background transparent, each label in its class colour (or a default palette). */
export function makeMaskThumbnailPng(labels: Uint8Array, width: number, height: number, classes: MaskColour[] = [], maxSide = 128): Buffer {
  const size = fitSize(width, height, maxSide)
  const small = size.width === width && size.height === height ? labels : resizeNearest(labels, width, height, size.width, size.height)
  const lut = new Uint8Array(256 * 4)
  for (let v = 1; v < 256; v++) {
    const c = classes.find((k) => k.value === v)?.color ?? PALETTE[(v - 1) % PALETTE.length]
    const [r, g, b] = parseHex(c)
    lut.set([r, g, b, 255], v * 4)
  }
  const data = new Uint8Array(size.width * size.height * 4)
  for (let i = 0, j = 0; i < small.length; i++, j += 4) {
    const o = small[i] * 4
    data[j] = lut[o]
    data[j + 1] = lut[o + 1]
    data[j + 2] = lut[o + 2]
    data[j + 3] = lut[o + 3]
  }
  return encodePng8(data, size.width, size.height, 4)
}
