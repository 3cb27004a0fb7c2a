import { mkdirSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeLayoutFolder, writePng8, writeTiff } from '../../test/fixtures'
import { detectLayout, type ImportItem } from './layout'
import { tempDir } from './test-helpers'

const dir = tempDir()
type ImageItem = Extract<ImportItem, { kind: 'image' }>
const images = (items: ImportItem[]) => items.filter((i): i is ImageItem => i.kind === 'image')
const tally = (values: (string | undefined)[]) => values.reduce<Record<string, number>>((acc, v) => (v ? { ...acc, [v]: (acc[v] ?? 0) + 1 } : acc), {})

describe('detectLayout', () => {
  it('class folders with splits (Kaggle chest X-ray), ignoring hidden files and __MACOSX', () => {
    const f = makeLayoutFolder('classes', join(dir, 'a'), 2)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('classes')
    const imgs = images(plan.items)
    expect(imgs).toHaveLength(f.expected.images)
    expect(tally(imgs.map((i) => i.split))).toEqual(f.expected.bySplit)
    expect(tally(imgs.map((i) => i.className))).toEqual(f.expected.byClass)
    expect(plan.items.some((i) => i.kind === 'image' && /MACOSX|DS_Store/.test(i.path))).toBe(false)
    expect(plan.skipped).toEqual([])
  })

  it('split and class from the picked folder itself (importing chest_xray/train)', () => {
    const f = makeLayoutFolder('classes', join(dir, 'a2'), 1)
    const plan = detectLayout([join(f.root, 'train')])
    expect(tally(images(plan.items).map((i) => i.split))).toEqual({ train: 2 })
    expect(tally(images(plan.items).map((i) => i.className))).toEqual({ NORMAL: 1, PNEUMONIA: 1 })
  })

  it('class folders without splits', () => {
    const f = makeLayoutFolder('classes-nosplit', join(dir, 'b'), 3)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('classes')
    expect(tally(images(plan.items).map((i) => i.className))).toEqual({ NORMAL: 3, PNEUMONIA: 3 })
    expect(images(plan.items).every((i) => i.split === undefined)).toBe(true)
  })

  it('kaggle_3m pairs: X.tif + X_mask.tif, patient from the folder, csv skipped, orphan mask reported', () => {
    const f = makeLayoutFolder('kaggle3m', join(dir, 'c'), 2)
    const orphan = writeTiff(join(f.root, 'TCGA_DU_5851_19950428', 'TCGA_DU_5851_19950428_9_mask.tif'), new Float32Array(64 * 64), 64, 64)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('pairs')
    const imgs = images(plan.items)
    expect(imgs).toHaveLength(4)
    for (const i of imgs) {
      expect(i.maskPath).toBe(i.path.replace(/\.tif$/, '_mask.tif'))
      expect(i.className).toBeUndefined()
    }
    expect(tally(imgs.map((i) => i.patientHint))).toEqual({ TCGA_CS_4941_19960909: 2, TCGA_DU_5851_19950428: 2 })
    expect(plan.orphanMasks).toEqual([orphan])
    expect(plan.skipped.map((s) => [relative(f.root, s.path), s.reason])).toEqual([['data.csv', 'not an image file']])
  })

  it('images/ + masks/ with the same names; an image without a mask stays an image', () => {
    const f = makeLayoutFolder('images-masks', join(dir, 'd'), 2)
    const lonely = writePng8(join(f.root, 'images', 'zz_unpaired.png'), new Float32Array(64 * 64), 64, 64)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('pairs')
    const imgs = images(plan.items)
    expect(imgs.filter((i) => i.maskPath).map((i) => [relative(f.root, i.path), relative(f.root, i.maskPath!)])).toEqual(
      f.images.map((p, k) => [relative(f.root, p), relative(f.root, f.masks[k])]),
    )
    expect(imgs.find((i) => i.path === lonely)?.maskPath).toBeUndefined()
    expect(plan.orphanMasks).toEqual([])
  })

  it('masks from a separate folder given with --masks', () => {
    const root = join(dir, 'e')
    const imgs = [0, 1].map((k) => writePng8(join(root, 'scans', `s${k}.png`), new Float32Array(16), 4, 4))
    const masks = [0, 1, 2].map((k) => writePng8(join(root, 'labels-elsewhere', `s${k}.png`), new Float32Array(16), 4, 4))
    const plan = detectLayout([join(root, 'scans')], { masks: join(root, 'labels-elsewhere') })
    expect(images(plan.items).map((i) => i.maskPath)).toEqual(masks.slice(0, 2))
    expect(plan.orphanMasks).toEqual([masks[2]])
    expect(imgs).toHaveLength(2)
  })

  it('one image with one mask file given by --masks, whatever the names', () => {
    const img = writePng8(join(dir, 'one', 'scan.png'), new Float32Array(16), 4, 4)
    const mask = writePng8(join(dir, 'one', 'outline.png'), new Float32Array(16), 4, 4)
    const plan = detectLayout([img], { masks: mask })
    expect(plan.items).toEqual([{ kind: 'image', path: img, maskPath: mask }])
    expect(plan.layout).toBe('pairs')
  })

  it('plain folder', () => {
    const f = makeLayoutFolder('plain', join(dir, 'f'), 3)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('plain')
    expect(images(plan.items).map((i) => i.path)).toEqual(f.images)
    expect(images(plan.items).every((i) => !i.className && !i.split && !i.maskPath)).toBe(true)
  })

  it('DICOM folder: extensionless files grouped into series, in slice order', () => {
    const f = makeLayoutFolder('dicom', join(dir, 'g'), 3)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('dicom')
    expect(plan.items).toHaveLength(2)
    for (const item of plan.items) {
      expect(item.kind).toBe('dicom-series')
      if (item.kind === 'dicom-series') expect(item.files.map((p) => p.split('/').pop())).toEqual(['IM0000', 'IM0001', 'IM0002'])
    }
    expect(plan.items.map((i) => (i.kind === 'dicom-series' ? i.patientHint : null))).toEqual(['PAT-1', 'PAT-2'])
  })

  it('NIfTI volume with a label volume given by --masks', () => {
    const f = makeLayoutFolder('nifti', join(dir, 'h'), 3)
    const plan = detectLayout([f.root], { masks: f.masks[0] })
    expect(plan.layout).toBe('nifti')
    expect(plan.items).toEqual([{ kind: 'nifti', path: f.images[0], maskPath: f.masks[0] }])
  })

  it('NIfTI image/label pairs side by side (X.nii.gz + X_seg.nii.gz)', () => {
    const f = makeLayoutFolder('nifti', join(dir, 'h2'), 2)
    const seg = join(f.root, 'brain_seg.nii.gz')
    writeFileSync(seg, '') // content is not read by layout detection
    const plan = detectLayout([f.root])
    expect(plan.items).toEqual([{ kind: 'nifti', path: f.images[0], maskPath: seg }])
  })

  it('IDX folder: train and t10k pairs become train and test splits', () => {
    const f = makeLayoutFolder('idx', join(dir, 'i'), 2)
    const plan = detectLayout([f.root])
    expect(plan.layout).toBe('idx')
    expect(plan.items.map((i) => (i.kind === 'idx' ? [i.split, i.imagesPath.split('/').pop(), i.labelsPath?.split('/').pop()] : null))).toEqual([
      ['train', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
      ['test', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
    ])
  })

  it('a forced layout keeps only its kind; explicit files always become items', () => {
    const f = makeLayoutFolder('classes-nosplit', join(dir, 'j'), 1)
    const plain = detectLayout([f.root], { layout: 'plain' })
    expect(plain.layout).toBe('plain')
    expect(images(plain.items).every((i) => !i.className)).toBe(true)
    const dicomOnly = detectLayout([f.root], { layout: 'dicom' })
    expect(dicomOnly.items).toEqual([])
    expect(dicomOnly.skipped.every((s) => s.reason === 'not part of the dicom layout')).toBe(true)
    mkdirSync(join(dir, 'k'), { recursive: true })
    const odd = join(dir, 'k', 'scan.bin')
    writeFileSync(odd, 'garbage')
    expect(detectLayout([odd]).items).toEqual([{ kind: 'image', path: odd }])
  })
})
