import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mriPhantomSlice, writeDicom } from '../../test/fixtures'
import { decodeFile } from './decode'
import { decodeDicomSeries, groupDicomSeries } from './dicom-series'
import { ImagingError } from './errors'
import { hasFile, NIBABEL_DATA, NIBABEL_DICOM, skipMessage, tempDir } from './test-helpers'

const dir = tempDir()
const R = 6
const C = 5
const stored = Array.from({ length: R * C }, (_, i) => i * 10)

describe('DICOM (generated with dcmjs)', () => {
  it('applies RescaleSlope/Intercept and keeps window, spacing and identifiers', async () => {
    const path = writeDicom(join(dir, 'ct.dcm'), {
      rows: R, columns: C, stored, slope: 2, intercept: -1024, window: { center: 40, width: 400 }, pixelSpacing: [0.7, 0.5],
      modality: 'CT', patientId: 'PID-42', studyUid: '1.2.3.4', seriesUid: '1.2.3.4.5',
    })
    const set = await decodeFile(path)
    expect(set).toMatchObject({ format: 'dicom', dims: [C, R], dtype: 'uint16', slope: 2, intercept: -1024, window: { center: 40, width: 400 } })
    // PixelSpacing is row spacing \ column spacing: x (columns) = 0.5, y (rows) = 0.7
    expect(set.spacing).toEqual([0.5, 0.7])
    expect(set.meta).toMatchObject({ modality: 'CT', patientId: 'PID-42', studyUid: '1.2.3.4', seriesUid: '1.2.3.4.5' })
    expect(JSON.stringify(set.meta)).not.toMatch(/Phantom\^Test/) // the patient's name is never read
    expect(Array.from(set.planes[0].pixels)).toEqual(stored.map((v) => v * 2 - 1024))
  })

  it('inverts MONOCHROME1 within the stored range, window included', async () => {
    const path = writeDicom(join(dir, 'cr.dcm'), { rows: R, columns: C, stored, bitsAllocated: 16, monochrome1: true, window: { center: 100, width: 200 } })
    const set = await decodeFile(path)
    expect(set.meta.inverted).toBe(true)
    // 16 bits stored: range 0..65535, so v → 65535 − v
    expect(Array.from(set.planes[0].pixels)).toEqual(stored.map((v) => 65535 - v))
    expect(set.window).toEqual({ center: 65535 - 100, width: 200 })
  })

  it('reads signed 16-bit and 8-bit pixel data, and implicit VR little endian', async () => {
    const signed = stored.map((v) => v - 150)
    const s16 = await decodeFile(writeDicom(join(dir, 's16.dcm'), { rows: R, columns: C, stored: signed, signed: true }))
    expect(s16.dtype).toBe('int16')
    expect(Array.from(s16.planes[0].pixels)).toEqual(signed)
    const small = stored.map((v) => v / 2) // 0..145 fits in 8 bits
    const u8 = await decodeFile(writeDicom(join(dir, 'u8.dcm'), { rows: R, columns: C, stored: small, bitsAllocated: 8 }))
    expect(u8.dtype).toBe('uint8')
    expect(Array.from(u8.planes[0].pixels)).toEqual(small)
    const implicit = await decodeFile(writeDicom(join(dir, 'imp.dcm'), { rows: R, columns: C, stored, transferSyntax: '1.2.840.10008.1.2' }))
    expect(Array.from(implicit.planes[0].pixels)).toEqual(stored)
  })

  it('refuses compressed transfer syntaxes it has no codec for, by UID', async () => {
    const path = writeDicom(join(dir, 'jls.dcm'), { rows: R, columns: C, stored, transferSyntax: '1.2.840.10008.1.2.4.80' })
    const err = await decodeFile(path).catch((e) => e)
    expect(err).toBeInstanceOf(ImagingError)
    expect(err.code).toBe('unsupported_transfer_syntax')
    expect(err.message).toBe('jls.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.80 (compressed pixel data)')
  })

  it('decodes JPEG baseline (1.2.840.10008.1.2.4.50) with jpeg-js', async () => {
    const grey = Array.from({ length: 16 * 8 }, (_, i) => i * 2)
    const set = await decodeFile(writeDicom(join(dir, 'jpeg.dcm'), { rows: 8, columns: 16, stored: grey, jpegBaseline: true }))
    expect(set).toMatchObject({ dims: [16, 8], dtype: 'uint8' })
    expect(set.meta.compression).toBe('jpeg-baseline')
    set.planes[0].pixels.forEach((v, i) => expect(Math.abs(v - grey[i])).toBeLessThanOrEqual(3))
  })
})

describe('DICOM written by pydicom (test/fixtures/data/make_dicom_reference.py)', () => {
  it('reads explicit VR big endian, signed 12-bit in 16, with rescale', async () => {
    const path = join(__dirname, '../../test/fixtures/data/be-signed12.dcm')
    const set = await decodeFile(path)
    expect(set).toMatchObject({ dims: [4, 3], spacing: [0.5, 0.25], dtype: 'int16', slope: 0.5, intercept: 10 })
    expect(set.meta.transferSyntax).toBe('1.2.840.10008.1.2.2')
    // pydicom: (pixel_array * 0.5 + 10).tolist()
    expect(Array.from(set.planes[0].pixels)).toEqual([-1014.0, 9.5, 10.0, 10.5, 60.0, 110.0, 160.0, 210.0, 1033.5, -240.0, 13.5, 6.5])
  })
})

describe('DICOM enhanced multi-frame', () => {
  it('reads frames as planes with per-frame positions and shared spacing', async () => {
    const frames = 3
    const stored = Array.from({ length: frames * 4 * 5 }, (_, i) => i)
    const set = await decodeFile(writeDicom(join(dir, 'enhanced.dcm'), {
      rows: 4, columns: 5, stored, pixelSpacing: [0.8, 0.6], imageOrientation: [1, 0, 0, 0, 1, 0],
      framePositions: [[0, 0, 10], [0, 0, 12.5], [0, 0, 15]],
    }))
    expect(set.dims).toEqual([5, 4, 3])
    expect(set.spacing).toEqual([0.6, 0.8, 2.5])
    expect(set.planes.map((p) => p.position)).toEqual([[0, 0, 10], [0, 0, 12.5], [0, 0, 15]])
    expect(Array.from(set.planes[2].pixels)).toEqual(stored.slice(40, 60))
  })
})

describe('DICOM series', () => {
  it('groups by SeriesInstanceUID and orders by position along the normal, not by name or number', async () => {
    const sdir = join(dir, 'series')
    const files: string[] = []
    // Slices named and numbered in the opposite order of their positions.
    for (let k = 0; k < 4; k++) {
      const s = mriPhantomSlice(k, 16)
      files.push(writeDicom(join(sdir, `a${k}`), {
        rows: 16, columns: 16, stored: s.pixels, seriesUid: '9.9.1', instanceNumber: k + 1, sopInstanceUid: `9.9.1.${k}`,
        imagePosition: [0, 0, 30 - k * 2.5], imageOrientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1],
      }))
    }
    files.push(writeDicom(join(sdir, 'other'), { rows: 16, columns: 16, stored: new Array(256).fill(1), seriesUid: '9.9.2' }))
    const { series, failures } = groupDicomSeries(files)
    expect(failures).toEqual([])
    expect(series.map((s) => [s.seriesUid, s.files.length])).toEqual([['9.9.1', 4], ['9.9.2', 1]])
    expect(series[0].files.map((f) => f.split('/').pop())).toEqual(['a3', 'a2', 'a1', 'a0'])
    const vol = await decodeDicomSeries(series[0].files)
    expect(vol.dims).toEqual([16, 16, 4])
    expect(vol.spacing[2]).toBeCloseTo(2.5, 6)
    expect(vol.planes.map((p) => p.position![2])).toEqual([22.5, 25, 27.5, 30])
  })

  it('falls back to InstanceNumber without positions', () => {
    const sdir = join(dir, 'series-nopos')
    const files = [3, 1, 2].map((n) => writeDicom(join(sdir, `f${n}`), { rows: 2, columns: 2, stored: [n, n, n, n], seriesUid: '7.7', instanceNumber: n }))
    const { series } = groupDicomSeries(files)
    expect(series[0].files.map((f) => f.split('/').pop())).toEqual(['f1', 'f2', 'f3'])
  })
})

// Reference values printed by pydicom 2.3.1 (python3-pydicom), computed independently:
//   ds = pydicom.dcmread(f); a = ds.pixel_array * RescaleSlope + RescaleIntercept
//   0.dcm / 1.dcm: 256×256, PixelSpacing [1.796875, 1.796875], no rescale tags, WC 468 WW 1016,
//     MR, min 0.0, max 4095.0, mean 2047.5; ImagePositionPatient z −75.097641 / −72.097641
//   decimal_rescale.dcm: Rows 96, Columns 128, PixelSpacing [1.125, 1.125], slope 2, intercept −4096,
//     WC 272 WW 846, every value −4096.0
//   slicethickness_empty_string.dcm: transfer syntax 1.2.840.10008.1.2.4.90 (JPEG 2000)
describe('DICOM reference files (python3-nibabel test data)', () => {
  const d0 = join(NIBABEL_DATA, '0.dcm')
  it.skipIf(!hasFile(d0))(`0.dcm and 1.dcm match pydicom ${skipMessage(d0, 'python3-nibabel')}`, async () => {
    for (const name of ['0.dcm', '1.dcm']) {
      const set = await decodeFile(join(NIBABEL_DATA, name))
      expect(set).toMatchObject({ format: 'dicom', dims: [256, 256], spacing: [1.796875, 1.796875], slope: 1, intercept: 0, window: { center: 468, width: 1016 } })
      expect(set.meta.modality).toBe('MR')
      const px = set.planes[0].pixels
      let min = Infinity, max = -Infinity, sum = 0
      for (const v of px) { if (v < min) min = v; if (v > max) max = v; sum += v }
      expect([min, max, sum / px.length]).toEqual([0, 4095, 2047.5])
    }
    const { series } = groupDicomSeries([join(NIBABEL_DATA, '1.dcm'), join(NIBABEL_DATA, '0.dcm')])
    expect(series).toHaveLength(1)
    expect(series[0].files.map((f) => f.split('/').pop())).toEqual(['0.dcm', '1.dcm'])
  })

  const dr = join(NIBABEL_DICOM, 'decimal_rescale.dcm')
  it.skipIf(!hasFile(dr))(`decimal_rescale.dcm applies slope 2 / intercept −4096 ${skipMessage(dr, 'python3-nibabel')}`, async () => {
    const set = await decodeFile(dr)
    expect(set).toMatchObject({ dims: [128, 96], spacing: [1.125, 1.125], slope: 2, intercept: -4096, window: { center: 272, width: 846 } })
    expect(set.planes[0].pixels.every((v) => v === -4096)).toBe(true)
  })

  const j2k = join(NIBABEL_DICOM, 'slicethickness_empty_string.dcm')
  it.skipIf(!hasFile(j2k))(`a JPEG 2000 file is refused with its UID ${skipMessage(j2k, 'python3-nibabel')}`, async () => {
    await expect(decodeFile(j2k)).rejects.toThrow('slicethickness_empty_string.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.90')
  })
})
