// NIfTI-1 and NIfTI-2 (.nii, .nii.gz, either byte order). nifti-reader-js parses the header; the
// voxel data is viewed in place (no copy unless it must be byte-swapped or realigned) and only the
// first 3D volume is turned into display planes (see nifti-orientation.ts for the convention).
import * as nifti from 'nifti-reader-js'
import { describeThrown, ImagingError } from './errors'
import { checkDims } from './io'
import { applyAffine, displayAffine, displayOrientation, displaySize, displayStrides, displayToVoxel, type NiftiOrientation } from './nifti-orientation'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

interface DatatypeInfo { dtype: string; bytes: number; samples: number }

/** NIfTI datatype codes we read (nifti1.h). Complex and float128 are refused. */
export const NIFTI_DATATYPES: Record<number, DatatypeInfo> = {
  2: { dtype: 'uint8', bytes: 1, samples: 1 },
  4: { dtype: 'int16', bytes: 2, samples: 1 },
  8: { dtype: 'int32', bytes: 4, samples: 1 },
  16: { dtype: 'float32', bytes: 4, samples: 1 },
  64: { dtype: 'float64', bytes: 8, samples: 1 },
  128: { dtype: 'rgb24', bytes: 1, samples: 3 },
  256: { dtype: 'int8', bytes: 1, samples: 1 },
  512: { dtype: 'uint16', bytes: 2, samples: 1 },
  768: { dtype: 'uint32', bytes: 4, samples: 1 },
  1024: { dtype: 'int64', bytes: 8, samples: 1 },
  1280: { dtype: 'uint64', bytes: 8, samples: 1 },
  2304: { dtype: 'rgba32', bytes: 1, samples: 4 },
}

const UNSUPPORTED_NAMES: Record<number, string> = { 1: 'binary', 32: 'complex64', 1536: 'float128', 1792: 'complex128', 2048: 'complex256' }

export interface NiftiParsed {
  file: string
  version: 1 | 2
  littleEndian: boolean
  /** All dims as stored (x, y, z, t, …), trailing ones kept. */
  dims: number[]
  spacing: number[]
  datatype: DatatypeInfo & { code: number }
  voxOffset: number
  slope: number
  intercept: number
  affine: number[][]
  affineSource: 'sform' | 'qform' | 'none'
  volumeCount: number
  voxelsPerVolume: number
  bytes: Uint8Array
  description: string
}

/** Header checks run before any voxel buffer exists: magic, dims, datatype, offset, size. */
export function parseNifti(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): NiftiParsed {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const sizeLE = bytes.length >= 4 ? v.getInt32(0, true) : 0
  const sizeBE = bytes.length >= 4 ? v.getInt32(0, false) : 0
  const version = sizeLE === 540 || sizeBE === 540 ? 2 : 1
  const headerSize = version === 2 ? 540 : 348
  if (bytes.length < headerSize) throw new ImagingError('truncated_header', file, `NIfTI-${version} header is truncated (${bytes.length} bytes, need ${headerSize})`)
  const headerCopy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + headerSize) as ArrayBuffer
  if (!nifti.isNIFTI(headerCopy, true)) throw new ImagingError('bad_magic', file, 'not a NIfTI file (magic is not n+1 or n+2)')
  let h: nifti.NIFTI1 | nifti.NIFTI2
  try {
    h = nifti.readHeader(headerCopy, true)
  } catch (e) {
    throw new ImagingError('truncated_header', file, `NIfTI header cannot be read (${describeThrown(e)})`, { cause: e })
  }
  if ((h as nifti.NIFTI1).isHDR) throw new ImagingError('unsupported_format', file, 'NIfTI .hdr/.img pairs are not supported; convert to a single .nii')

  const ndim = h.dims[0]
  if (!Number.isInteger(ndim) || ndim < 1 || ndim > 7) throw new ImagingError('bad_dims', file, `NIfTI dim[0] is ${ndim}, must be 1–7`)
  const dims = h.dims.slice(1, ndim + 1)
  checkDims(file, dims, { maxVoxels: Number.MAX_SAFE_INTEGER, what: 'NIfTI dims' })
  const info = NIFTI_DATATYPES[h.datatypeCode]
  if (!info) throw new ImagingError('unsupported_datatype', file, `NIfTI datatype ${h.datatypeCode} (${UNSUPPORTED_NAMES[h.datatypeCode] ?? 'unknown'}) is not supported`)
  const voxOffset = h.vox_offset
  if (!(voxOffset >= headerSize)) throw new ImagingError('bad_offset', file, `vox_offset ${voxOffset} lies inside the ${headerSize}-byte header`)
  if (voxOffset >= bytes.length) throw new ImagingError('bad_offset', file, `vox_offset ${voxOffset} is past the end of the file (${bytes.length} bytes)`)

  const [nx, ny = 1, nz = 1] = dims
  const voxelsPerVolume = nx * ny * nz
  checkDims(file, [nx, ny, nz], {
    maxVoxels: opts.maxVoxels,
    bytesPerVoxel: info.bytes * info.samples,
    available: bytes.length - voxOffset,
    what: 'NIfTI volume',
  })
  const volumeCount = dims.slice(3).reduce((a, b) => a * b, 1)
  const volumeBytes = voxelsPerVolume * info.bytes * info.samples
  const storedVolumes = Math.min(volumeCount, Math.floor((bytes.length - voxOffset) / volumeBytes))

  // scl_slope 0 (or NaN) means "no scaling" (nifti1.h); then scl_inter is ignored too.
  const rawSlope = h.scl_slope
  const scaled = Number.isFinite(rawSlope) && rawSlope !== 0
  const pix = dims.map((_, i) => (h.pixDims[i + 1] > 0 && Number.isFinite(h.pixDims[i + 1]) ? h.pixDims[i + 1] : 1))
  const { affine, source } = bestAffine(h, bytes, version, pix, [nx, ny, nz])
  return {
    file,
    version,
    littleEndian: h.littleEndian,
    dims,
    spacing: pix,
    datatype: { ...info, code: h.datatypeCode },
    voxOffset,
    slope: scaled ? rawSlope : 1,
    intercept: scaled && Number.isFinite(h.scl_inter) ? h.scl_inter : 0,
    affine,
    affineSource: source,
    volumeCount: storedVolumes,
    voxelsPerVolume,
    bytes,
    description: h.description,
  }
}

/** sform when set, else qform, else nibabel's default (x flipped, centred): the same precedence as nibabel. */
function bestAffine(h: nifti.NIFTI1 | nifti.NIFTI2, bytes: Uint8Array, version: 1 | 2, pix: number[], n: number[]): { affine: number[][]; source: 'sform' | 'qform' | 'none' } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const le = h.littleEndian
  if (h.sform_code > 0) {
    const rows = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => (version === 1 ? v.getFloat32(280 + (r * 4 + c) * 4, le) : v.getFloat64(400 + (r * 4 + c) * 8, le))))
    return { affine: [...rows, [0, 0, 0, 1]], source: 'sform' }
  }
  const [dx, dy = 1, dz = 1] = pix
  if (h.qform_code > 0) {
    const qfac = h.pixDims[0] < 0 ? -1 : 1
    return { affine: quaternAffine(h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z, dx, dy, dz, qfac), source: 'qform' }
  }
  const c = n.map((k) => (k - 1) / 2)
  return {
    affine: [
      [-dx, 0, 0, c[0] * dx],
      [0, dy, 0, -c[1] * dy],
      [0, 0, dz, -c[2] * dz],
      [0, 0, 0, 1],
    ],
    source: 'none',
  }
}

/** nifti1.h "method 2": rotation from the quaternion (b, c, d), scaled by pixdim, z flipped by qfac. */
function quaternAffine(b: number, c: number, d: number, qx: number, qy: number, qz: number, dx: number, dy: number, dz: number, qfac: number): number[][] {
  let a = 1 - (b * b + c * c + d * d)
  if (a < 1e-7) {
    const s = 1 / Math.sqrt(b * b + c * c + d * d)
    b *= s; c *= s; d *= s; a = 0
  } else a = Math.sqrt(a)
  const R = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ]
  const z = dz * qfac
  return [
    [R[0][0] * dx, R[0][1] * dy, R[0][2] * z, qx],
    [R[1][0] * dx, R[1][1] * dy, R[1][2] * z, qy],
    [R[2][0] * dx, R[2][1] * dy, R[2][2] * z, qz],
    [0, 0, 0, 1],
  ]
}

type Numeric = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array

/** Stored values of one volume as a native typed array (a view when possible). Colour → luminance. */
export function niftiVolumeValues(p: NiftiParsed, volume: number): Numeric {
  const { bytes: per, samples, dtype } = p.datatype
  const n = p.voxelsPerVolume * samples
  const start = p.voxOffset + volume * n * per
  let src = p.bytes.subarray(start, start + n * per)
  if ((!p.littleEndian && per > 1) || (p.bytes.byteOffset + start) % per !== 0) {
    src = new Uint8Array(src) // a copy: Buffer#slice would be a view, and the swap below must not touch the caller's bytes
    if (!p.littleEndian && per > 1) swapBytes(src, per)
  }
  const { buffer, byteOffset } = src
  switch (dtype) {
    case 'uint8': return src
    case 'int8': return new Int8Array(buffer, byteOffset, n)
    case 'int16': return new Int16Array(buffer, byteOffset, n)
    case 'uint16': return new Uint16Array(buffer, byteOffset, n)
    case 'int32': return new Int32Array(buffer, byteOffset, n)
    case 'uint32': return new Uint32Array(buffer, byteOffset, n)
    case 'float32': return new Float32Array(buffer, byteOffset, n)
    case 'float64': return new Float64Array(buffer, byteOffset, n)
    case 'int64':
    case 'uint64': {
      const big = dtype === 'int64' ? new BigInt64Array(buffer, byteOffset, n) : new BigUint64Array(buffer, byteOffset, n)
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = Number(big[i])
      return out
    }
    default: {
      // rgb24 / rgba32: interleaved per voxel
      const out = new Float32Array(p.voxelsPerVolume)
      for (let i = 0, j = 0; i < out.length; i++, j += samples) out[i] = 0.299 * src[j] + 0.587 * src[j + 1] + 0.114 * src[j + 2]
      return out
    }
  }
}

function swapBytes(b: Uint8Array, per: number) {
  for (let i = 0; i < b.length; i += per) {
    for (let lo = i, hi = i + per - 1; lo < hi; lo++, hi--) { const t = b[lo]; b[lo] = b[hi]; b[hi] = t }
  }
}

export function decodeNifti(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const p = parseNifti(bytes, file, opts)
  const warnings: string[] = []
  if (p.volumeCount > 1) warnings.push(`4D volume with ${p.volumeCount} volumes: only the first is imported`)
  if (p.affineSource === 'none') warnings.push('no qform/sform: orientation assumed (x flipped, as nibabel does)')
  const [nx, ny = 1, nz = 1] = p.dims
  const o = displayOrientation(p.affine, [nx, ny, nz])
  const planes = reorientToPlanes(niftiVolumeValues(p, 0), o, p.slope, p.intercept, p.affine)
  const { width, height, slices } = displaySize(o)
  return {
    format: 'nifti',
    file,
    dims: p.dims,
    spacing: p.spacing,
    dtype: p.datatype.dtype,
    slope: p.slope,
    intercept: p.intercept,
    window: null,
    planes,
    affine: p.affine,
    warnings,
    meta: {
      niftiVersion: p.version,
      littleEndian: p.littleEndian,
      affineSource: p.affineSource,
      orientation: o,
      storedAxes: o.storedCodes,
      display: { width, height, slices, spacing: [p.spacing[o.colAxis] ?? 1, p.spacing[o.rowAxis] ?? 1, p.spacing[o.sliceAxis] ?? 1] },
      displayAffine: displayAffine(p.affine, o),
      volumes: p.volumeCount,
      description: p.description,
    },
  }
}

/** Axial planes in the display convention; one tight loop per row, rescale fused in. */
export function reorientToPlanes(src: Numeric, o: NiftiOrientation, slope: number, intercept: number, affine: number[][]): DecodedPlane[] {
  const { width, height, slices } = displaySize(o)
  const st = displayStrides(o)
  const planes: DecodedPlane[] = []
  // One backing buffer for the volume; each plane is a view of it.
  const all = new Float32Array(width * height * slices)
  for (let s = 0; s < slices; s++) {
    const out = all.subarray(s * width * height, (s + 1) * width * height)
    let k = 0
    for (let r = 0; r < height; r++) {
      let v = st.start + s * st.slice + r * st.row
      for (let c = 0; c < width; c++, v += st.col) out[k++] = src[v] * slope + intercept
    }
    planes.push({ width, height, pixels: out, sliceIndex: s, position: applyAffine(affine, displayToVoxel(o, 0, 0, s)) })
  }
  return planes
}
