// The CPU part of importing one image file — read, hash, decode, pack pixels, thumbnail, read
// its mask — with no DB access, so it can run in a worker thread while main writes the DB.
import { readFileSync } from 'node:fs'
import { checkMaskSize, decodeBuffer, makeThumbnailPng, maskFromBytes, type DecodedImageSet, type DecodedPlane } from '../../imaging'
import { packPixels, type PackedPixels } from './pixel-store'
import { sha256 } from './file-store'

export interface PreparedPlane {
  width: number
  height: number
  packed: PackedPixels
  thumbnail: Uint8Array
  label?: number
}

export interface PreparedFile {
  path: string
  sha: string
  bytes: Uint8Array
  set: Omit<DecodedImageSet, 'planes'>
  planes: PreparedPlane[]
  mask: { labels: Uint8Array } | { error: string; code: string | null } | null
}

export function preparePlane(plane: DecodedPlane, window: DecodedImageSet['window']): PreparedPlane {
  return { width: plane.width, height: plane.height, packed: packPixels(plane.pixels), thumbnail: makeThumbnailPng(plane, window ?? undefined), label: plane.label }
}

export function prepareImageFile(path: string, maskPath?: string): PreparedFile {
  const bytes = readFileSync(path)
  const sha = sha256(bytes)
  const { planes, ...set } = decodeBuffer(bytes, path)
  let mask: PreparedFile['mask'] = null
  if (maskPath) {
    try {
      const m = maskFromBytes(readFileSync(maskPath), maskPath)
      checkMaskSize(maskPath, m, planes[0].width, planes[0].height)
      mask = { labels: m.labels }
    } catch (e) {
      mask = { error: (e as Error).message, code: (e as { code?: string }).code ?? null }
    }
  }
  return { path, sha, bytes, set, planes: planes.map((p) => preparePlane(p, set.window)), mask }
}

/** Buffers to hand over (not copy) when a prepared file crosses from a worker to main. */
export function transferList(p: PreparedFile): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  const add = (a: Uint8Array) => { if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer) }
  add(p.bytes)
  for (const pl of p.planes) { add(pl.packed.bytes); add(pl.thumbnail) }
  if (p.mask && 'labels' in p.mask) add(p.mask.labels)
  return [...out]
}
