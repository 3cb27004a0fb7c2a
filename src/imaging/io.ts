// File access shared by the decoders: read with typed errors, gunzip with typed errors,
// and the dimension guard that runs before any pixel buffer is allocated.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
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

export function extensionOf(path: string): string {
  const lower = path.toLowerCase()
  if (lower.endsWith('.nii.gz')) return '.nii.gz'
  const slash = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\'))
  const dot = lower.lastIndexOf('.')
  return dot > slash ? lower.slice(dot) : ''
}

/** The first n bytes of a file (for sniffing), or null when it cannot be read. */
export function readHeadSync(file: string, n: number): Buffer | null {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const buf = Buffer.alloc(n)
    const got = readSync(fd, buf, 0, n, 0)
    return buf.subarray(0, got)
  } catch {
    return null
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
