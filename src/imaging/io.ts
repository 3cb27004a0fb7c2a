// File access shared by the decoders: read with typed errors, gunzip with typed errors,
// and the dimension guard that runs before any pixel buffer is allocated.
import { readFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { describeThrown, ImagingError } from './errors'
import { DEFAULT_MAX_VOXELS, MAX_SIDE } from './types'

export function readInputSync(path: string): Buffer {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    throw fsError(path, e)
  }
  if (bytes.length === 0) throw new ImagingError('empty', path, 'file is empty (0 bytes)')
  return bytes
}

export async function readInput(path: string): Promise<Buffer> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (e) {
    throw fsError(path, e)
  }
  if (bytes.length === 0) throw new ImagingError('empty', path, 'file is empty (0 bytes)')
  return bytes
}

function fsError(path: string, e: unknown): ImagingError {
  const code = (e as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ImagingError('not_found', path, 'file does not exist', { cause: e })
  if (code === 'EISDIR') return new ImagingError('unreadable', path, 'is a folder, not a file', { cause: e })
  return new ImagingError('unreadable', path, `cannot be read (${describeThrown(e)})`, { cause: e })
}

export function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export function gunzipOrThrow(bytes: Uint8Array, file: string): Buffer {
  try {
    const out = gunzipSync(bytes)
    if (out.length === 0) throw new ImagingError('empty', file, 'gzip stream decompresses to 0 bytes')
    return out
  } catch (e) {
    if (e instanceof ImagingError) throw e
    throw new ImagingError('bad_gzip', file, `broken gzip data (${describeThrown(e)})`, { cause: e })
  }
}

/**
 * Refuse zero, negative, non-integer or absurd dimensions before anything is allocated,
 * and check that the file can actually hold the pixel bytes the header promises.
 */
export function checkDims(
  file: string,
  dims: number[],
  opts: { maxVoxels?: number; bytesPerVoxel?: number; available?: number; what?: string } = {},
): number {
  const what = opts.what ?? 'dimensions'
  for (const d of dims) {
    if (!Number.isInteger(d) || d <= 0) throw new ImagingError('bad_dims', file, `${what} ${dims.join('×')} include a zero, negative or non-integer size`)
    if (d > MAX_SIDE) throw new ImagingError('bad_dims', file, `${what} ${dims.join('×')} are absurdly large (a side over ${MAX_SIDE})`)
  }
  const voxels = dims.reduce((a, b) => a * b, 1)
  const max = opts.maxVoxels ?? DEFAULT_MAX_VOXELS
  if (voxels > max) throw new ImagingError('bad_dims', file, `${what} ${dims.join('×')} = ${voxels} pixels exceed the limit of ${max}`)
  if (opts.bytesPerVoxel !== undefined && opts.available !== undefined) {
    const need = voxels * opts.bytesPerVoxel
    if (need > opts.available) {
      throw new ImagingError('truncated_pixels', file, `pixel data is truncated: ${what} ${dims.join('×')} need ${need} bytes, the file holds ${opts.available}`)
    }
  }
  return voxels
}

/** An aligned typed-array view over bytes when possible, a copy only when alignment forbids a view. */
export function viewAs<T extends ArrayBufferView>(
  Ctor: { new (buffer: ArrayBufferLike, byteOffset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number },
  bytes: Uint8Array,
  offset: number,
  length: number,
): T {
  const abs = bytes.byteOffset + offset
  if (abs % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer, abs, length)
  const copy = new Uint8Array(length * Ctor.BYTES_PER_ELEMENT)
  copy.set(bytes.subarray(offset, offset + copy.length))
  return new Ctor(copy.buffer, 0, length)
}

export function extensionOf(path: string): string {
  const lower = path.toLowerCase()
  if (lower.endsWith('.nii.gz')) return '.nii.gz'
  const slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'))
  const dot = lower.lastIndexOf('.')
  return dot > slash ? lower.slice(dot) : ''
}
