// One test per bad-input case of the "Projects and data" issue: each is a typed ImagingError whose
// message names the file and the problem, raised before any large allocation.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { writeDicom, writeIdx, writeJpeg, writeNifti, writePng8, writeTiff } from '../../test/fixtures'
import { decodeFile, inspectFile } from './decode'
import { ImagingError, type ImagingErrorCode } from './errors'
import { readMaskForImage } from './mask-png'
import { tempDir } from './test-helpers'

const dir = tempDir()
const grey = new Float32Array(32 * 32).fill(100)

async function expectError(path: string, code: ImagingErrorCode, message: RegExp | string, opts = {}) {
  const err = await decodeFile(path, opts).then(() => null, (e) => e)
  expect(err, 'should have thrown').toBeInstanceOf(ImagingError)
  expect(err.code).toBe(code)
  expect(err.file).toBe(path)
  if (typeof message === 'string') expect(err.message).toBe(message)
  else expect(err.message).toMatch(message)
}

function writeBytes(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

function cut(path: string, name: string, keep: number): string {
  return writeBytes(name, readFileSync(path).subarray(0, keep))
}

function niftiBytes(name: string, patch: (v: DataView) => void): string {
  const path = writeNifti(join(dir, name), { dims: [8, 8, 4], data: new Float32Array(256).fill(5), datatype: 'int16' })
  const b = readFileSync(path)
  patch(new DataView(b.buffer, b.byteOffset, b.byteLength))
  writeFileSync(path, b)
  return path
}

describe('bad input', () => {
  it('empty file', async () => {
    await expectError(writeBytes('empty.png', ''), 'empty', 'empty.png: file is empty (0 bytes)')
  })

  it('a path that does not exist', async () => {
    await expectError(join(dir, 'nope', 'missing.nii'), 'not_found', 'missing.nii: file does not exist')
    await expect(inspectFile(join(dir, 'missing.dcm'))).rejects.toThrow('missing.dcm: file does not exist')
  })

  it('wrong magic', async () => {
    await expectError(writeBytes('notes.png', 'this is a text file, not an image at all'), 'bad_magic', 'notes.png: not a PNG, JPEG, TIFF, DICOM, NIfTI or IDX file (starts with 74 68 69 73)')
  })

  it('header truncated (PNG, TIFF, JPEG, NIfTI, DICOM, IDX)', async () => {
    const png = writePng8(join(dir, 'ok.png'), grey, 32, 32)
    await expectError(cut(png, 'short.png', 20), 'truncated_header', 'short.png: PNG header is truncated (20 bytes, need 33)')
    const tif = writeTiff(join(dir, 'ok.tif'), grey, 32, 32)
    await expectError(cut(tif, 'short.tif', 12), 'truncated_header', /short\.tif: TIFF header is truncated/)
    const jpg = writeJpeg(join(dir, 'ok.jpg'), grey, 32, 32)
    await expectError(cut(jpg, 'short.jpg', 100), 'truncated_header', /short\.jpg: JPEG header is truncated/)
    const nii = writeNifti(join(dir, 'ok.nii'), { dims: [8, 8, 4], data: new Float32Array(256), datatype: 'int16' })
    await expectError(cut(nii, 'short.nii', 200), 'truncated_header', 'short.nii: NIfTI-1 header is truncated (200 bytes, need 348)')
    const dcm = writeDicom(join(dir, 'ok.dcm'), { rows: 32, columns: 32, stored: grey })
    await expectError(cut(dcm, 'short.dcm', 300), 'truncated_header', /short\.dcm: DICOM header is truncated or corrupt/)
    const idx = writeIdx(join(dir, 'ok-images-idx3-ubyte'), { images: new Uint8Array(2 * 28 * 28), n: 2, rows: 28, cols: 28 })
    await expectError(cut(idx, 'short-images-idx3-ubyte', 10), 'truncated_header', 'short-images-idx3-ubyte: IDX header is truncated (10 bytes, need 16)')
  })

  it('pixel data truncated (PNG, TIFF, JPEG, NIfTI, DICOM, IDX)', async () => {
    const png = writePng8(join(dir, 'ok2.png'), Float32Array.from({ length: 64 * 64 }, (_, i) => i % 251), 64, 64)
    await expectError(cut(png, 'cut.png', readFileSync(png).length - 200), 'truncated_pixels', /cut\.png: PNG pixel data cannot be decoded/)
    const tif = writeTiff(join(dir, 'ok2.tif'), grey, 32, 32)
    await expectError(cut(tif, 'cut.tif', 1500), 'truncated_pixels', 'cut.tif: TIFF pixel data is truncated: strips end at byte 2024, the file has 1500')
    const jpg = writeJpeg(join(dir, 'ok2.jpg'), Float32Array.from({ length: 64 * 64 }, (_, i) => i % 251), 64, 64)
    await expectError(cut(jpg, 'cut.jpg', readFileSync(jpg).length - 300), 'truncated_pixels', 'cut.jpg: JPEG pixel data is truncated (no end-of-image marker)')
    const nii = writeNifti(join(dir, 'ok2.nii'), { dims: [8, 8, 4], data: new Float32Array(256), datatype: 'int16' })
    await expectError(cut(nii, 'cut.nii', 352 + 100), 'truncated_pixels', 'cut.nii: pixel data is truncated: NIfTI volume 8×8×4 need 512 bytes, the file holds 100')
    const dcm = writeDicom(join(dir, 'ok2.dcm'), { rows: 32, columns: 32, stored: grey })
    await expectError(cut(dcm, 'cut.dcm', readFileSync(dcm).length - 100), 'truncated_pixels', /cut\.dcm: (DICOM )?pixel data is truncated/)
    const idx = writeIdx(join(dir, 'ok2-images-idx3-ubyte'), { images: new Uint8Array(2 * 28 * 28), n: 2, rows: 28, cols: 28 })
    await expectError(cut(idx, 'cut-images-idx3-ubyte', 1000), 'truncated_pixels', 'cut-images-idx3-ubyte: IDX pixel data is truncated: 2×28×28 need 1568 bytes, the file holds 984')
  })

  it('zero dimensions', async () => {
    const png = readFileSync(writePng8(join(dir, 'ok3.png'), grey, 32, 32))
    png.writeInt32BE(0, 16) // IHDR width
    await expectError(writeBytes('zero.png', png), 'bad_dims', 'zero.png: dimensions 0×32 include a zero, negative or non-integer size')
    const nii = niftiBytes('zero.nii', (v) => v.setInt16(44, 0, true)) // dim[2]
    await expectError(nii, 'bad_dims', 'zero.nii: NIfTI dims 8×0×4 include a zero, negative or non-integer size')
  })

  it('negative dimensions', async () => {
    const nii = niftiBytes('neg.nii', (v) => v.setInt16(42, -8, true)) // dim[1]
    await expectError(nii, 'bad_dims', 'neg.nii: NIfTI dims -8×8×4 include a zero, negative or non-integer size')
    const idx = readFileSync(writeIdx(join(dir, 'neg-images-idx3-ubyte'), { images: new Uint8Array(784), n: 1, rows: 28, cols: 28 }))
    idx.writeInt32BE(-5, 4)
    await expectError(writeBytes('neg-images-idx3-ubyte', idx), 'bad_dims', 'neg-images-idx3-ubyte: IDX item count -5 is zero, negative or absurd')
  })

  it('absurdly large dimensions are refused without allocating them', async () => {
    const before = process.memoryUsage().arrayBuffers
    const nii = niftiBytes('huge.nii', (v) => { v.setInt16(42, 30000, true); v.setInt16(44, 30000, true); v.setInt16(46, 30000, true) })
    await expectError(nii, 'bad_dims', /huge\.nii: NIfTI volume 30000×30000×30000 = 27000000000000 pixels exceed the limit/)
    const png = readFileSync(writePng8(join(dir, 'ok4.png'), grey, 32, 32))
    png.writeInt32BE(2_000_000_000, 16)
    await expectError(writeBytes('huge.png', png), 'bad_dims', /huge\.png: dimensions 2000000000×32 are absurdly large/)
    const dcm = readFileSync(writeDicom(join(dir, 'ok4.dcm'), { rows: 32, columns: 32, stored: grey }))
    const idx = readFileSync(writeIdx(join(dir, 'ok4-images-idx3-ubyte'), { images: new Uint8Array(784), n: 1, rows: 28, cols: 28 }))
    idx.writeInt32BE(60000, 8)
    idx.writeInt32BE(60000, 12)
    await expectError(writeBytes('huge-images-idx3-ubyte', idx), 'bad_dims', 'huge-images-idx3-ubyte: IDX image size 60000×60000 = 3600000000 pixels exceed the limit of 268435456')
    expect(dcm.length).toBeGreaterThan(0)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024)
  })

  it('NIfTI vox_offset past the end of the file', async () => {
    const nii = niftiBytes('scan.nii', (v) => v.setFloat32(108, 352000, true))
    const size = readFileSync(nii).length
    await expectError(nii, 'bad_offset', `scan.nii: vox_offset 352000 is past the end of the file (${size} bytes)`)
  })

  it('unknown datatype', async () => {
    const nii = niftiBytes('dtype.nii', (v) => v.setInt16(70, 1234, true))
    await expectError(nii, 'unsupported_datatype', 'dtype.nii: NIfTI datatype 1234 (unknown) is not supported')
    const complex = niftiBytes('complex.nii', (v) => v.setInt16(70, 32, true))
    await expectError(complex, 'unsupported_datatype', /complex\.nii: NIfTI datatype 32 \(.+\) is not supported/)
    const idx = readFileSync(writeIdx(join(dir, 'ok5-images-idx3-ubyte'), { images: new Uint8Array(784), n: 1, rows: 28, cols: 28 }))
    idx[2] = 0x42
    await expectError(writeBytes('odd-images-idx3-ubyte', idx), 'unsupported_datatype', 'odd-images-idx3-ubyte: IDX data type 0x42 is unknown')
  })

  it('broken gzip', async () => {
    const gz = gzipSync(readFileSync(writeNifti(join(dir, 'ok6.nii'), { dims: [8, 8, 4], data: new Float32Array(256), datatype: 'int16' })))
    await expectError(writeBytes('broken.nii.gz', gz.subarray(0, gz.length - 40)), 'bad_gzip', /broken\.nii\.gz: broken gzip data \(unexpected end of file\)/)
    const flipped = Buffer.from(gz)
    flipped[20] ^= 0xff
    await expectError(writeBytes('corrupt.nii.gz', flipped), 'bad_gzip', /corrupt\.nii\.gz: broken gzip data/)
  })

  it('a mask whose size differs from its image', async () => {
    const mask = writePng8(join(dir, 'm_mask.png'), new Float32Array(16 * 16).fill(255), 16, 16)
    const err = await readMaskForImage(mask, 32, 32).catch((e) => e)
    expect(err).toBeInstanceOf(ImagingError)
    expect(err.code).toBe('mask_mismatch')
    expect(err.message).toBe('m_mask.png: mask is 16×16 but its image is 32×32')
  })
})
