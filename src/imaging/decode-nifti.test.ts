import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeNifti } from '../../test/fixtures'
import { readFileSync } from 'node:fs'
import { decodeBuffer, decodeFile, inspectFile } from './decode'
import type { NiftiDatatype } from './nifti-writer'
import { displayToStoredOrder, type NiftiOrientation } from './nifti-orientation'
import { writeNiftiLabels } from './nifti-writer'
import { hasFile, NIBABEL_DATA, skipMessage, tempDir } from './test-helpers'
import type { DecodedImageSet } from './types'

const dir = tempDir()
const NX = 4, NY = 5, NZ = 3
/** RAS-stored test volume: value = 100·z + 10·y + x, so every voxel says where it is. */
const ras = Float32Array.from({ length: NX * NY * NZ }, (_, i) => {
  const x = i % NX, y = Math.floor(i / NX) % NY, z = Math.floor(i / (NX * NY))
  return 100 * z + 10 * y + x
})
const RAS_AFFINE = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
const planesOf = (s: DecodedImageSet) => s.planes.map((p) => Array.from(p.pixels))

describe('NIfTI (generated)', () => {
  it('shows slices in the radiological convention: inferior→superior, anterior at top, patient right on the left', async () => {
    const set = await decodeFile(writeNifti(join(dir, 'ras.nii'), { dims: [NX, NY, NZ], data: ras, datatype: 'int16', affine: RAS_AFFINE }))
    expect(set).toMatchObject({ format: 'nifti', dims: [NX, NY, NZ], spacing: [1, 1, 1], dtype: 'int16' })
    expect(set.meta.storedAxes).toBe('RAS')
    expect(set.planes).toHaveLength(NZ)
    const p0 = set.planes[0]
    expect([p0.width, p0.height]).toEqual([NX, NY])
    // slice 0 = lowest z; top-left pixel = most anterior (y max) and most right (x max)
    expect(p0.pixels[0]).toBe(10 * (NY - 1) + (NX - 1))
    expect(p0.pixels[NX - 1]).toBe(10 * (NY - 1)) // top-right: patient's left (x = 0)
    expect(p0.pixels[(NY - 1) * NX]).toBe(NX - 1) // bottom-left: posterior (y = 0)
    expect(set.planes[2].pixels[0]).toBe(200 + 10 * (NY - 1) + (NX - 1))
    expect(set.planes.map((p) => p.position)).toEqual([[3, 4, 0], [3, 4, 1], [3, 4, 2]])
  })

  it('gives the same display planes whatever the stored axis order or direction (LAS, sagittal-stored)', async () => {
    const ref = planesOf(await decodeFile(writeNifti(join(dir, 'ref.nii'), { dims: [NX, NY, NZ], data: ras, datatype: 'int16', affine: RAS_AFFINE })))
    // LAS: x reversed in storage
    const las = new Float32Array(ras.length)
    for (let z = 0; z < NZ; z++) for (let y = 0; y < NY; y++) for (let x = 0; x < NX; x++) las[x + NX * (y + NY * z)] = ras[NX - 1 - x + NX * (y + NY * z)]
    const lasSet = await decodeFile(writeNifti(join(dir, 'las.nii'), { dims: [NX, NY, NZ], data: las, datatype: 'int16', affine: [[-1, 0, 0, 3], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] }))
    expect(lasSet.meta.storedAxes).toBe('LAS')
    expect(planesOf(lasSet)).toEqual(ref)
    // voxel axes (i, j, k) = (y, z, x): a volume stored slice-by-slice sagittally
    const perm = new Float32Array(ras.length)
    for (let k = 0; k < NX; k++) for (let j = 0; j < NZ; j++) for (let i = 0; i < NY; i++) perm[i + NY * (j + NZ * k)] = ras[k + NX * (i + NY * j)]
    const permSet = await decodeFile(writeNifti(join(dir, 'perm.nii.gz'), { dims: [NY, NZ, NX], data: perm, datatype: 'int16', affine: [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]] }))
    expect(permSet.meta.storedAxes).toBe('ASR')
    expect(planesOf(permSet)).toEqual(ref)
  })

  it('reads NIfTI-1 and NIfTI-2, both byte orders, .nii and .nii.gz, with scl_slope/scl_inter', async () => {
    const variants = [
      { name: 'n1le.nii', version: 1, littleEndian: true },
      { name: 'n1be.nii', version: 1, littleEndian: false },
      { name: 'n2le.nii.gz', version: 2, littleEndian: true },
      { name: 'n2be.nii.gz', version: 2, littleEndian: false },
    ] as const
    for (const v of variants) {
      const set = await decodeFile(writeNifti(join(dir, v.name), { dims: [NX, NY, NZ], data: ras, datatype: 'int16', affine: RAS_AFFINE, version: v.version, littleEndian: v.littleEndian, slope: 0.5, intercept: -10 }))
      expect(set.meta).toMatchObject({ niftiVersion: v.version, littleEndian: v.littleEndian })
      expect([set.slope, set.intercept]).toEqual([0.5, -10])
      expect(set.planes[0].pixels[0]).toBe((10 * (NY - 1) + (NX - 1)) * 0.5 - 10)
    }
  })

  it('never modifies the bytes it decodes (big-endian data is swapped in a copy)', async () => {
    const data = new Float32Array(NX * NY * NZ * 2)
    data.set(ras)
    data.set(ras.map((v) => v + 1000), ras.length)
    const bytes = readFileSync(writeNifti(join(dir, 'be4d.nii'), { dims: [NX, NY, NZ, 2], data, datatype: 'int16', littleEndian: false }))
    const copy = Buffer.from(bytes)
    const a = decodeBuffer(bytes, 'be4d.nii')
    const b = decodeBuffer(bytes, 'be4d.nii')
    expect(bytes.equals(copy)).toBe(true)
    expect(planesOf(a)).toEqual(planesOf(b))
    const info = await inspectFile(join(dir, 'be4d.nii'))
    expect([info.min, info.max]).toEqual([0, 1000 + 100 * (NZ - 1) + 10 * (NY - 1) + NX - 1])
  })

  it('treats scl_slope 0 as "no scaling"', async () => {
    const set = await decodeFile(writeNifti(join(dir, 'slope0.nii'), { dims: [NX, NY, NZ], data: ras, datatype: 'int16', slope: 0, intercept: 99 }))
    expect([set.slope, set.intercept]).toEqual([1, 0])
  })

  it('reads every common datatype', async () => {
    const types: [NiftiDatatype, number][] = [['uint8', 200], ['int8', -100], ['int16', -30000], ['uint16', 60000], ['int32', -2e9], ['uint32', 4e9], ['float32', 1.5], ['float64', -2.25]]
    for (const [datatype, value] of types) {
      const data = new Float64Array(8).fill(value)
      const set = await decodeFile(writeNifti(join(dir, `t-${datatype}.nii`), { dims: [2, 2, 2], data, datatype, littleEndian: datatype !== 'int32' }))
      expect(set.dtype).toBe(datatype)
      expect(set.planes[0].pixels[0]).toBe(Math.fround(value))
    }
  })

  it('imports the first volume of a 4D file with a warning; inspect covers all volumes', async () => {
    const data = new Float32Array(NX * NY * NZ * 2)
    data.set(ras)
    data.fill(1000, ras.length)
    const path = writeNifti(join(dir, '4d.nii.gz'), { dims: [NX, NY, NZ, 2], data, datatype: 'int16' })
    const set = await decodeFile(path)
    expect(set.dims).toEqual([NX, NY, NZ, 2])
    expect(set.planes).toHaveLength(NZ)
    expect(set.warnings).toEqual(['4D volume with 2 volumes: only the first is imported'])
    const info = await inspectFile(path)
    expect(info.max).toBe(1000)
    expect(info.mean).toBeCloseTo((ras.reduce((a, b) => a + b, 0) + 1000 * ras.length) / (2 * ras.length), 6)
  })

  it('exports labels drawn on display planes back to a NIfTI that lines up with the image', async () => {
    const affine = [[-2, 0, 0, 10], [0, 0, 3, -5], [0, -1.5, 0, 7], [0, 0, 0, 1]] // LIA-ish, anisotropic
    const img = await decodeFile(writeNifti(join(dir, 'img.nii.gz'), { dims: [NX, NY, NZ], data: ras, datatype: 'float32', affine }))
    const o = img.meta.orientation as NiftiOrientation
    // Labels "drawn" on the display planes: 1 where the image is > 150
    const display = new Uint8Array(img.planes.length * img.planes[0].pixels.length)
    let k = 0
    for (const p of img.planes) for (const v of p.pixels) display[k++] = v > 150 ? 1 : 0
    const out = join(dir, 'labels.nii.gz')
    writeNiftiLabels(out, { labels: displayToStoredOrder(display, o), dims: [NX, NY, NZ], affine: img.affine! })
    const back = await decodeFile(out)
    expect(back.dtype).toBe('uint8')
    expect(back.affine!.map((r) => r.map((v) => +v.toFixed(5)))).toEqual(affine)
    back.planes.forEach((p, s) => expect(Array.from(p.pixels)).toEqual(Array.from(img.planes[s].pixels, (v) => (v > 150 ? 1 : 0))))
  })
})

// Reference values from nibabel 5.0.0 (python3-nibabel), computed independently:
//   im = nib.load(f); d = np.asanyarray(im.dataobj).astype(float64)  → shape, zooms, dtype, min, max, mean
//   orientation check: c = nib.as_closest_canonical(im[..., 0]); disp = np.flip(c.get_fdata(), (0, 1)).transpose(2, 1, 0)
//     (slices inferior→superior, rows anterior→posterior, columns patient right→left), and the checksum
//     Σ disp[s, r, c] · ((7c + 13r + 17s) mod 101).
const REFERENCE = [
  { file: 'anatomical.nii', dims: [33, 41, 25], spacing: [2, 2, 2], dtype: 'int16', min: -610, max: 30393, mean: 8401.066725794532, axes: 'LAS', display: [25, 41, 33], checksum: 14198306421, warnings: 0 },
  { file: 'example4d.nii.gz', dims: [128, 96, 24, 2], spacing: [2, 2, 2.1999990940093994, 2000], dtype: 'int16', min: 0, max: 1162, mean: 172.90811496310764, axes: 'LAS', display: [24, 96, 128], checksum: 2549568975, warnings: 1 },
  { file: 'example_nifti2.nii.gz', dims: [32, 20, 12, 2], spacing: [2, 2, 2.1999990940093994, 2000], dtype: 'int16', min: 46, max: 757, mean: 450.963671875, axes: 'LAS', display: [12, 20, 32], checksum: 173263601, warnings: 1 },
  { file: 'standard.nii.gz', dims: [4, 5, 7], spacing: [1, 3, 2], dtype: 'uint8', min: 0, max: 255, mean: 54.642857142857146, axes: 'RAS', display: [7, 5, 4], checksum: 309570, warnings: 0 },
]

describe('NIfTI reference files (python3-nibabel test data)', () => {
  for (const ref of REFERENCE) {
    const path = join(NIBABEL_DATA, ref.file)
    it.skipIf(!hasFile(path))(`${ref.file} matches nibabel ${skipMessage(path, 'python3-nibabel')}`, async () => {
      const info = await inspectFile(path)
      expect(info).toMatchObject({ format: 'nifti', dims: ref.dims, dtype: ref.dtype, slope: 1, intercept: 0, min: ref.min, max: ref.max })
      info.spacing.forEach((v, i) => expect(v).toBeCloseTo(ref.spacing[i], 5))
      expect(info.mean).toBeCloseTo(ref.mean, 6)
      const set = await decodeFile(path)
      expect(set.warnings).toHaveLength(ref.warnings)
      expect(set.meta.storedAxes).toBe(ref.axes)
      expect([set.planes.length, set.planes[0].height, set.planes[0].width]).toEqual(ref.display)
      let sum = 0
      set.planes.forEach((p, s) => {
        for (let r = 0; r < p.height; r++) for (let c = 0; c < p.width; c++) sum += p.pixels[r * p.width + c] * ((c * 7 + r * 13 + s * 17) % 101)
      })
      expect(sum).toBe(ref.checksum)
    })
  }

  const func = join(NIBABEL_DATA, 'functional.nii')
  // nibabel: scl_slope 0.07540696859359741, scl_inter 3100.76171875 (from the raw header), data min 629.826171875,
  // max 5571.621858656406, mean 3637.408513675239 over all 20 volumes
  it.skipIf(!hasFile(func))(`functional.nii applies scl_slope/scl_inter like nibabel ${skipMessage(func, 'python3-nibabel')}`, async () => {
    const info = await inspectFile(func)
    expect(info.slope).toBeCloseTo(0.07540696859359741, 12)
    expect(info.intercept).toBe(3100.76171875)
    expect(info.min).toBeCloseTo(629.826171875, 6)
    expect(info.max).toBeCloseTo(5571.621858656406, 6)
    expect(info.mean).toBeCloseTo(3637.408513675239, 6)
  })
})
