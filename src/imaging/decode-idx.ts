// IDX (MNIST / Fashion-MNIST): big-endian header, then samples. An images file (3 dims) becomes
// one plane per item; the paired labels file (1 dim) sets `label`. All planes share one buffer.
import { basename, dirname, join } from 'node:path'
import { readdirSync } from 'node:fs'
import { ImagingError } from './errors'
import { checkDims, gunzipOrThrow, isGzip, readInputSync } from './io'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

const IDX_TYPES: Record<number, { dtype: string; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
}

export interface IdxHeader { dtype: string; bytes: number; dims: number[]; dataOffset: number }

export function readIdxHeader(b: Uint8Array, file: string): IdxHeader {
  if (b.length < 4) throw new ImagingError('truncated_header', file, `IDX header is truncated (${b.length} bytes)`)
  if (b[0] !== 0 || b[1] !== 0) throw new ImagingError('bad_magic', file, 'not an IDX file (magic must start with two zero bytes)')
  const type = IDX_TYPES[b[2]]
  if (!type) throw new ImagingError('unsupported_datatype', file, `IDX data type 0x${b[2].toString(16)} is unknown`)
  const ndim = b[3]
  if (ndim < 1 || ndim > 4) throw new ImagingError('bad_dims', file, `IDX has ${ndim} dimensions (1–4 expected)`)
  const dataOffset = 4 + 4 * ndim
  if (b.length < dataOffset) throw new ImagingError('truncated_header', file, `IDX header is truncated (${b.length} bytes, need ${dataOffset})`)
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const dims: number[] = []
  for (let i = 0; i < ndim; i++) dims.push(v.getInt32(4 + 4 * i, false))
  return { ...type, dims, dataOffset }
}

/** Values of an IDX body as numbers in a Float32Array (big-endian read for multi-byte types). */
function idxValues(b: Uint8Array, h: IdxHeader, count: number, out: Float32Array) {
  if (h.dtype === 'uint8') { out.set(b.subarray(h.dataOffset, h.dataOffset + count)); return }
  if (h.dtype === 'int8') { out.set(new Int8Array(b.buffer, b.byteOffset + h.dataOffset, count)); return }
  const v = new DataView(b.buffer, b.byteOffset + h.dataOffset, count * h.bytes)
  for (let i = 0; i < count; i++) {
    out[i] = h.dtype === 'int16' ? v.getInt16(i * 2) : h.dtype === 'int32' ? v.getInt32(i * 4) : h.dtype === 'float32' ? v.getFloat32(i * 4) : v.getFloat64(i * 8)
  }
}

export function decodeIdxLabels(bytes: Uint8Array, file: string): Int32Array {
  const h = readIdxHeader(bytes, file)
  if (h.dims.length !== 1) throw new ImagingError('bad_dims', file, `IDX labels file must have 1 dimension, it has ${h.dims.length} (${h.dims.join('×')})`)
  const n = h.dims[0]
  if (!Number.isInteger(n) || n <= 0 || n > 1e9) throw new ImagingError('bad_dims', file, `IDX labels count ${n} is zero, negative or absurd`)
  if (bytes.length - h.dataOffset < n * h.bytes) throw new ImagingError('truncated_pixels', file, `IDX labels are truncated: ${n} labels need ${n * h.bytes} bytes, the file holds ${bytes.length - h.dataOffset}`)
  const tmp = new Float32Array(n)
  idxValues(bytes, h, n, tmp)
  return Int32Array.from(tmp)
}

export function readMaybeGzip(path: string): Buffer {
  const raw = readInputSync(path)
  return isGzip(raw) ? gunzipOrThrow(raw, path) : raw
}

export function decodeIdx(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const h = readIdxHeader(bytes, file)
  if (h.dims.length === 1) throw new ImagingError('unsupported_format', file, 'this IDX file holds labels, not images: import its images file')
  // n × rows × cols (idx3); a 2-dim file is one image rows × cols; idx4 n × rows × cols × channels is refused.
  if (h.dims.length > 3) throw new ImagingError('unsupported_format', file, `IDX with ${h.dims.length} dimensions (${h.dims.join('×')}) is not supported`)
  const [n, rows, cols] = h.dims.length === 3 ? h.dims : [1, ...h.dims]
  if (!Number.isInteger(n) || n <= 0 || n > 1e9) throw new ImagingError('bad_dims', file, `IDX item count ${n} is zero, negative or absurd`)
  const total = checkDims(file, [cols, rows], { maxVoxels: opts.maxVoxels, what: 'IDX image size' }) * n
  if (total > (opts.maxVoxels ?? 2 ** 28)) throw new ImagingError('bad_dims', file, `IDX ${n}×${rows}×${cols} = ${total} pixels exceed the limit`)
  const available = bytes.length - h.dataOffset
  if (available < total * h.bytes) throw new ImagingError('truncated_pixels', file, `IDX pixel data is truncated: ${n}×${rows}×${cols} need ${total * h.bytes} bytes, the file holds ${available}`)

  let labels: Int32Array | undefined
  if (opts.labelsPath) {
    labels = decodeIdxLabels(readMaybeGzip(opts.labelsPath), opts.labelsPath)
    if (labels.length !== n) throw new ImagingError('mask_mismatch', opts.labelsPath, `labels file has ${labels.length} labels but ${basename(file)} has ${n} images`)
  }
  const all = new Float32Array(total)
  idxValues(bytes, h, total, all)
  const size = rows * cols
  const planes: DecodedPlane[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const plane: DecodedPlane = { width: cols, height: rows, pixels: all.subarray(i * size, (i + 1) * size), sliceIndex: i }
    if (labels) plane.label = labels[i]
    planes[i] = plane
  }
  return {
    format: 'idx',
    file,
    dims: h.dims.length === 3 ? [cols, rows, n] : [cols, rows],
    spacing: h.dims.length === 3 ? [1, 1, 1] : [1, 1],
    dtype: h.dtype,
    slope: 1,
    intercept: 0,
    window: null,
    planes,
    warnings: [],
    meta: { items: n, labelsPath: opts.labelsPath, labelSet: labels ? [...new Set(labels)].sort((a, b) => a - b) : undefined },
  }
}

export interface IdxPair {
  split: string
  imagesPath: string
  labelsPath: string
}

const IDX_NAME = /^(.*?)[-_.]?(images|labels)[-_.]idx([13])[-_.]ubyte(\.gz)?$/i

/** Split name from an IDX prefix: MNIST calls its test set t10k. */
function splitOf(prefix: string): string {
  const p = prefix.toLowerCase()
  if (p === 't10k' || p.startsWith('test')) return 'test'
  if (p.startsWith('train')) return 'train'
  if (p.startsWith('val')) return 'val'
  return p || 'train'
}

export function isIdxName(name: string): boolean {
  return IDX_NAME.test(name)
}

/** Pairs `<prefix>-images-idx3-ubyte[.gz]` with `<prefix>-labels-idx1-ubyte[.gz]` among files (or in a folder). */
export function findIdxPairs(filesOrDir: string[] | string): { pairs: IdxPair[]; unpaired: string[] } {
  const files = typeof filesOrDir === 'string' ? readdirSync(filesOrDir).filter((f) => !f.startsWith('.')).map((f) => join(filesOrDir, f)) : filesOrDir
  const groups = new Map<string, { images?: string; labels?: string; prefix: string }>()
  const unpaired: string[] = []
  for (const f of files) {
    const m = IDX_NAME.exec(basename(f))
    if (!m) continue
    const key = join(dirname(f), m[1].toLowerCase())
    const g = groups.get(key) ?? { prefix: m[1] }
    // A second file for the same slot (e.g. both train-images-idx3-ubyte and train-images.idx3-ubyte) is left unpaired.
    if (m[2].toLowerCase() === 'images') { if (g.images) unpaired.push(f); else g.images = f }
    else if (g.labels) unpaired.push(f)
    else g.labels = f
    groups.set(key, g)
  }
  const pairs: IdxPair[] = []
  for (const g of groups.values()) {
    if (g.images && g.labels) pairs.push({ split: splitOf(g.prefix), imagesPath: g.images, labelsPath: g.labels })
    else unpaired.push((g.images ?? g.labels)!)
  }
  pairs.sort((a, b) => (a.split === 'train' ? -1 : 0) - (b.split === 'train' ? -1 : 0) || a.imagesPath.localeCompare(b.imagesPath))
  return { pairs, unpaired }
}
