// pydicom's own test files (Debian python3-pydicom) cover transfer syntaxes and pixel layouts we
// cannot easily write ourselves. Reference values printed by pydicom 2.3.1 + numpy:
//   a = ds.pixel_array * RescaleSlope + RescaleIntercept → [min, max, mean]
//   colour: L = 0.299 R + 0.587 G + 0.114 B of the RGB pixel_array (YBR converted with
//   pydicom's convert_color_space) → [min, max, mean]; YBR_FULL_422 uncompressed: the Y channel.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeFile } from './decode'
import { hasFile, skipMessage } from './test-helpers'
import type { DecodedImageSet } from './types'

const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files'

function stats(set: DecodedImageSet): [number, number, number] {
  let min = Infinity, max = -Infinity, sum = 0, n = 0
  for (const p of set.planes) for (const v of p.pixels) { if (v < min) min = v; if (v > max) max = v; sum += v; n++ }
  return [min, max, sum / n]
}

const EXACT: [string, number[], number[], [number, number, number], string][] = [
  // file, dims, spacing, [min, max, mean], what it exercises
  ['CT_small.dcm', [128, 128], [0.661468, 0.661468], [-896, 1167, -119.0738525390625], 'signed 16-bit, intercept −1024'],
  ['MR_small_bigendian.dcm', [64, 64], [0.3125, 0.3125], [127, 2145, 518.88134765625], 'explicit VR big endian'],
  ['MR_small_implicit.dcm', [64, 64], [0.3125, 0.3125], [127, 2145, 518.88134765625], 'implicit VR little endian'],
  ['MR_small_RLE.dcm', [64, 64], [0.3125, 0.3125], [127, 2145, 518.88134765625], 'RLE lossless 16-bit'],
  ['rtdose_rle.dcm', [10, 10, 15], [10, 10, 1], [795000, 1254000, 1013273.3333333334], 'RLE 32-bit, 15 frames'],
  ['rtdose_expb.dcm', [10, 10, 15], [10, 10, 1], [795000, 1254000, 1013273.3333333334], 'big endian 32-bit, 15 frames'],
  // spacing from SharedFunctionalGroupsSequence[0].PixelMeasuresSequence[0].PixelSpacing (an enhanced SEG object)
  ['liver_1frame.dcm', [512, 512], [0.810547, 0.810547], [0, 1, 0.13821792602539062], '1-bit segmentation, enhanced'],
  ['image_dfl.dcm', [512, 512], [1, 1], [0, 255, 127.115966796875], 'deflated explicit VR'],
]

const COLOUR: [string, [number, number, number], number, string][] = [
  ['SC_rgb_rle_2frame.dcm', [0, 255, 127.5], 1e-3, 'RLE RGB, 2 frames'],
  ['SC_rgb_small_odd.dcm', [89.97, 158, 128.76633333333334], 1e-3, 'uncompressed RGB, odd size'],
  ['SC_ybr_full_422_uncompressed.dcm', [0, 255, 127.69], 1e-6, 'uncompressed YBR_FULL_422 (luma)'],
  ['SC_rgb_jpeg_dcmtk.dcm', [0, 255, 127.69145], 0.5, 'JPEG baseline YBR (different JPEG decoders)'],
]

describe('DICOM: pydicom test files', () => {
  const present = hasFile(join(PYDICOM, 'CT_small.dcm'))
  const note = skipMessage(join(PYDICOM, 'CT_small.dcm'), 'python3-pydicom')
  for (const [file, dims, spacing, [min, max, mean], what] of EXACT) {
    it.skipIf(!present)(`${file}: ${what} ${note}`, async () => {
      const set = await decodeFile(join(PYDICOM, file))
      expect(set.dims).toEqual(dims)
      set.spacing.forEach((v, i) => expect(v).toBeCloseTo(spacing[i], 6))
      const [a, b, m] = stats(set)
      expect([a, b]).toEqual([min, max])
      expect(m).toBeCloseTo(mean, 6)
    })
  }
  for (const [file, [min, max, mean], tol, what] of COLOUR) {
    it.skipIf(!present)(`${file}: ${what} ${note}`, async () => {
      const [a, b, m] = stats(await decodeFile(join(PYDICOM, file)))
      expect(Math.abs(a - min)).toBeLessThanOrEqual(Math.max(tol, 1e-3))
      expect(Math.abs(b - max)).toBeLessThanOrEqual(Math.max(tol, 1e-3))
      expect(Math.abs(m - mean)).toBeLessThanOrEqual(tol)
    })
  }
  it.skipIf(!present)(`compressed syntaxes without a codec are refused by UID ${note}`, async () => {
    await expect(decodeFile(join(PYDICOM, 'MR_small_jpeg_ls_lossless.dcm'))).rejects.toThrow('MR_small_jpeg_ls_lossless.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.80')
    await expect(decodeFile(join(PYDICOM, 'JPEG2000.dcm'))).rejects.toThrow('JPEG2000.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.91')
    await expect(decodeFile(join(PYDICOM, 'JPGExtended.dcm'))).rejects.toThrow('JPGExtended.dcm: unsupported transfer syntax 1.2.840.10008.1.2.4.51')
  })
  it.skipIf(!present)(`truncated pixel data and non-image objects are typed errors ${note}`, async () => {
    await expect(decodeFile(join(PYDICOM, 'MR_truncated.dcm'))).rejects.toMatchObject({ code: 'truncated_pixels' })
    await expect(decodeFile(join(PYDICOM, 'test-SR.dcm'))).rejects.toMatchObject({ code: 'unsupported_format' })
  })
})
