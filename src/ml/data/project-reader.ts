// Reads training data from a project DB opened READ-ONLY: the trainer never writes the DB
// (main persists what the trainer reports), so a crash here cannot corrupt a project.
import Database from 'better-sqlite3'
import { sqliteNativeBinding } from '../../main/db/native-binding'
import { decodeMaskRle } from '../../imaging/mask-rle'
import type { PixelDType } from '../../shared/domain'

export interface RawImage {
  id: number
  width: number
  height: number
  pixels: Float32Array
  window: { center: number; width: number } | null
  min: number
  max: number
  patientKey: string | null
}

export class DataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DataError'
  }
}

const BYTES: Record<PixelDType, number> = { uint8: 1, uint16: 2, int16: 2, int32: 4, float32: 4 }

/** Converts a little-endian pixel blob to float32 (copying: blobs are not aligned). */
export function pixelsToFloat32(blob: Uint8Array, dtype: PixelDType, count: number): Float32Array {
  const size = BYTES[dtype]
  if (!size) throw new DataError(`unknown pixel dtype ${dtype}`)
  if (blob.length !== count * size) throw new DataError(`pixel blob has ${blob.length} bytes, expected ${count} ${dtype} values`)
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const out = new Float32Array(count)
  switch (dtype) {
    case 'uint8':
      for (let i = 0; i < count; i++) out[i] = blob[i]
      break
    case 'uint16':
      for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, true)
      break
    case 'int16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, true)
      break
    case 'int32':
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true)
      break
    case 'float32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true)
      break
  }
  return out
}

interface ImageRow {
  id: number
  width: number
  height: number
  window_center: number | null
  window_width: number | null
  min: number
  max: number
  patient_key: string | null
  dtype: PixelDType | null
  data: Buffer | null
}

export class ProjectReader {
  private readonly db: Database.Database
  private readonly imageStmt: Database.Statement<[number], ImageRow>
  private readonly maskStmt: Database.Statement<[number], { image_id: number; width: number; height: number; codec: string; data: Buffer }>

  constructor(readonly dbPath: string) {
    try {
      this.db = new Database(dbPath, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() })
    } catch (err) {
      throw new DataError(`cannot open project database ${dbPath}: ${(err as Error).message}`)
    }
    this.imageStmt = this.db.prepare(
      `SELECT i.id, i.width, i.height, i.window_center, i.window_width, i.min, i.max, i.patient_key, p.dtype, p.data
       FROM images i LEFT JOIN image_pixels p ON p.image_id = i.id WHERE i.id = ?`,
    )
    this.maskStmt = this.db.prepare('SELECT image_id, width, height, codec, data FROM mask_versions WHERE id = ?')
  }

  readImage(imageId: number): RawImage {
    const row = this.imageStmt.get(imageId)
    if (!row) throw new DataError(`image ${imageId} is not in the project`)
    if (!row.data || !row.dtype) throw new DataError(`image ${imageId} has no stored pixels`)
    const pixels = pixelsToFloat32(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength), row.dtype, row.width * row.height)
    return {
      id: row.id,
      width: row.width,
      height: row.height,
      pixels,
      window: row.window_center != null && row.window_width != null ? { center: row.window_center, width: row.window_width } : null,
      min: row.min,
      max: row.max,
      patientKey: row.patient_key,
    }
  }

  /** Label map of a mask version, checked against its image's size. */
  readMask(maskVersionId: number, expect: { imageId: number; width: number; height: number }): Uint8Array {
    const row = this.maskStmt.get(maskVersionId)
    if (!row) throw new DataError(`mask version ${maskVersionId} is not in the project`)
    if (row.image_id !== expect.imageId) throw new DataError(`mask version ${maskVersionId} belongs to image ${row.image_id}, not ${expect.imageId}`)
    if (row.codec !== 'rle') throw new DataError(`mask version ${maskVersionId} uses unknown codec ${row.codec}`)
    const m = decodeMaskRle(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength))
    if (m.width !== expect.width || m.height !== expect.height) {
      throw new DataError(`mask version ${maskVersionId} is ${m.width}×${m.height}, its image ${expect.imageId} is ${expect.width}×${expect.height}`)
    }
    return m.labels
  }

  close(): void {
    this.db.close()
  }
}
