// NIfTI writer: label volumes for export (uint8, NIfTI-1, .nii or .nii.gz), built on a general
// encoder that the test fixtures also use (any datatype, either byte order, NIfTI-1 or -2).
import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

export type NiftiDatatype = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64'

const CODES: Record<NiftiDatatype, { code: number; bytes: number }> = {
  uint8: { code: 2, bytes: 1 },
  int16: { code: 4, bytes: 2 },
  int32: { code: 8, bytes: 4 },
  float32: { code: 16, bytes: 4 },
  float64: { code: 64, bytes: 8 },
  int8: { code: 256, bytes: 1 },
  uint16: { code: 512, bytes: 2 },
  uint32: { code: 768, bytes: 4 },
}

export interface NiftiEncodeInput {
  /** x, y, z[, t] */
  dims: number[]
  /** Values in stored order (x fastest), as numbers; converted to `datatype`. */
  data: ArrayLike<number>
  datatype: NiftiDatatype
  /** 4×4 voxel → world (RAS mm). Defaults to diag(spacing). */
  affine?: number[][]
  spacing?: number[]
  version?: 1 | 2
  littleEndian?: boolean
  slope?: number
  intercept?: number
  intent?: 'label' | 'none'
  description?: string
  /** Override sform/qform codes (0 writes no transform). Default 2 (aligned anatomy). */
  sformCode?: number
  qformCode?: number
}

export function encodeNifti(input: NiftiEncodeInput): Buffer {
  const version = input.version ?? 1
  const le = input.littleEndian ?? true
  const { code, bytes } = CODES[input.datatype]
  const dims = input.dims
  const n = dims.reduce((a, b) => a * b, 1)
  if (input.data.length !== n) throw new Error(`NIfTI data has ${input.data.length} values, dims ${dims.join('×')} need ${n}`)
  const spacing = input.spacing ?? (input.affine ? columnNorms(input.affine) : [1, 1, 1])
  const affine = input.affine ?? [
    [spacing[0] ?? 1, 0, 0, 0],
    [0, spacing[1] ?? 1, 0, 0],
    [0, 0, spacing[2] ?? 1, 0],
    [0, 0, 0, 1],
  ]
  const headerSize = version === 1 ? 348 : 540
  const voxOffset = headerSize + 4 // + the 4-byte extension flag
  const out = Buffer.alloc(voxOffset + n * bytes)
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength)
  const q = quaternFromAffine(affine)
  const pix = [q.qfac, ...[0, 1, 2].map((i) => spacing[i] ?? 1), ...dims.slice(3).map(() => 1)]
  const sform = input.sformCode ?? 2
  const qform = input.qformCode ?? 2
  const intent = input.intent === 'label' ? 1002 : 0
  const desc = (input.description ?? 'RadLab').slice(0, 79)
  if (version === 1) {
    v.setInt32(0, 348, le)
    v.setInt16(40, dims.length, le)
    for (let i = 0; i < 7; i++) v.setInt16(42 + 2 * i, dims[i] ?? 1, le)
    v.setInt16(68, intent, le)
    v.setInt16(70, code, le)
    v.setInt16(72, bytes * 8, le)
    for (let i = 0; i < 8; i++) v.setFloat32(76 + 4 * i, pix[i] ?? 1, le)
    v.setFloat32(108, voxOffset, le)
    v.setFloat32(112, input.slope ?? 1, le)
    v.setFloat32(116, input.intercept ?? 0, le)
    out[123] = 2 | 8 // xyzt_units: mm, s
    out.write(desc, 148, 'latin1')
    v.setInt16(252, qform, le)
    v.setInt16(254, sform, le)
    v.setFloat32(256, q.b, le); v.setFloat32(260, q.c, le); v.setFloat32(264, q.d, le)
    v.setFloat32(268, affine[0][3], le); v.setFloat32(272, affine[1][3], le); v.setFloat32(276, affine[2][3], le)
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + (r * 4 + c) * 4, affine[r][c], le)
    out.write('n+1\0', 344, 'latin1')
  } else {
    v.setInt32(0, 540, le)
    out.write('n+2\0\r\n\x1a\n', 4, 'latin1')
    v.setInt16(12, code, le)
    v.setInt16(14, bytes * 8, le)
    const setI64 = (at: number, x: number) => v.setBigInt64(at, BigInt(x), le)
    setI64(16, dims.length)
    for (let i = 0; i < 7; i++) setI64(24 + 8 * i, dims[i] ?? 1)
    for (let i = 0; i < 8; i++) v.setFloat64(104 + 8 * i, pix[i] ?? 1, le)
    setI64(168, voxOffset)
    v.setFloat64(176, input.slope ?? 1, le)
    v.setFloat64(184, input.intercept ?? 0, le)
    out.write(desc, 240, 'latin1')
    v.setInt32(344, qform, le)
    v.setInt32(348, sform, le)
    v.setFloat64(352, q.b, le); v.setFloat64(360, q.c, le); v.setFloat64(368, q.d, le)
    v.setFloat64(376, affine[0][3], le); v.setFloat64(384, affine[1][3], le); v.setFloat64(392, affine[2][3], le)
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat64(400 + (r * 4 + c) * 8, affine[r][c], le)
    v.setInt32(500, 2 | 8, le)
    v.setInt32(504, intent, le)
  }
  writeData(v, voxOffset, input.data, input.datatype, le)
  return out
}

function writeData(v: DataView, at: number, data: ArrayLike<number>, t: NiftiDatatype, le: boolean) {
  const n = data.length
  switch (t) {
    case 'uint8': for (let i = 0; i < n; i++) v.setUint8(at + i, data[i]); break
    case 'int8': for (let i = 0; i < n; i++) v.setInt8(at + i, data[i]); break
    case 'int16': for (let i = 0; i < n; i++) v.setInt16(at + 2 * i, data[i], le); break
    case 'uint16': for (let i = 0; i < n; i++) v.setUint16(at + 2 * i, data[i], le); break
    case 'int32': for (let i = 0; i < n; i++) v.setInt32(at + 4 * i, data[i], le); break
    case 'uint32': for (let i = 0; i < n; i++) v.setUint32(at + 4 * i, data[i], le); break
    case 'float32': for (let i = 0; i < n; i++) v.setFloat32(at + 4 * i, data[i], le); break
    case 'float64': for (let i = 0; i < n; i++) v.setFloat64(at + 8 * i, data[i], le); break
  }
}

function columnNorms(a: number[][]): number[] {
  return [0, 1, 2].map((j) => Math.hypot(a[0][j], a[1][j], a[2][j]))
}

/** nifti1_io's mat44_to_quatern for an orthogonal affine: quaternion (b, c, d) and qfac. */
export function quaternFromAffine(a: number[][]): { b: number; c: number; d: number; qfac: number } {
  const norms = columnNorms(a).map((x) => (x > 0 ? x : 1))
  const R = [0, 1, 2].map((i) => [0, 1, 2].map((j) => a[i][j] / norms[j]))
  const det = R[0][0] * (R[1][1] * R[2][2] - R[1][2] * R[2][1]) - R[0][1] * (R[1][0] * R[2][2] - R[1][2] * R[2][0]) + R[0][2] * (R[1][0] * R[2][1] - R[1][1] * R[2][0])
  const qfac = det < 0 ? -1 : 1
  if (qfac < 0) for (let i = 0; i < 3; i++) R[i][2] = -R[i][2]
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = R
  let qa = r11 + r22 + r33 + 1
  let b: number, c: number, d: number
  if (qa > 0.5) {
    qa = 0.5 * Math.sqrt(qa)
    b = (0.25 * (r32 - r23)) / qa
    c = (0.25 * (r13 - r31)) / qa
    d = (0.25 * (r21 - r12)) / qa
  } else {
    const xd = 1 + r11 - (r22 + r33)
    const yd = 1 + r22 - (r11 + r33)
    const zd = 1 + r33 - (r11 + r22)
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd); c = (0.25 * (r12 + r21)) / b; d = (0.25 * (r13 + r31)) / b; qa = (0.25 * (r32 - r23)) / b
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd); b = (0.25 * (r12 + r21)) / c; d = (0.25 * (r23 + r32)) / c; qa = (0.25 * (r13 - r31)) / c
    } else {
      d = 0.5 * Math.sqrt(zd); b = (0.25 * (r13 + r31)) / d; c = (0.25 * (r23 + r32)) / d; qa = (0.25 * (r21 - r12)) / d
    }
    if (qa < 0) { b = -b; c = -c; d = -d }
  }
  return { b, c, d, qfac }
}

export interface LabelVolume {
  /** Labels in stored voxel order (x fastest), e.g. from displayToStoredOrder(). */
  labels: Uint8Array
  dims: [number, number, number]
  affine: number[][]
}

/** A NIfTI-1 uint8 label volume (intent "label"); gzipped when the path ends in .gz. */
export function encodeNiftiLabels(vol: LabelVolume, gzip = false): Buffer {
  const raw = encodeNifti({ dims: vol.dims, data: vol.labels, datatype: 'uint8', affine: vol.affine, intent: 'label', description: 'RadLab label volume' })
  return gzip ? gzipSync(raw) : raw
}

export function writeNiftiLabels(path: string, vol: LabelVolume): void {
  writeFileSync(path, encodeNiftiLabels(vol, path.toLowerCase().endsWith('.gz')))
}
