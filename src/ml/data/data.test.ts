import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { resizeBilinear, resizeNearest } from './resample'
import { normalise, zscore } from './normalise'
import { augment } from './augment'
import { splitByPatient } from './split'
import { epochOrder, toBatches } from './sampler'
import { ProjectReader, pixelsToFloat32 } from './project-reader'
import { labelsToClassIndex, makeBatch, prepareExamples } from './dataset'
import { createRng } from '../random'
import { createPhantomProject } from '../testing/phantom-db'

const tmp = mkdtempSync(join(tmpdir(), 'radlab-data-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('resize', () => {
  it('nearest keeps label values; bilinear keeps constants and averages', () => {
    const labels = Uint8Array.from([0, 2, 2, 0])
    const up = resizeNearest(labels, 2, 2, 4, 4)
    expect(new Set(up)).toEqual(new Set([0, 2]))
    expect(Array.from(up.slice(0, 4))).toEqual([0, 0, 2, 2])
    expect(Array.from(resizeBilinear(new Float32Array(9).fill(3), 3, 3, 5, 5))).toEqual(new Array(25).fill(3))
    expect(resizeBilinear(Float32Array.from([0, 4, 0, 4]), 2, 2, 1, 1)[0]).toBeCloseTo(2, 6)
    expect(() => resizeBilinear(new Float32Array(3), 2, 2, 1, 1)).toThrow(/expected 2×2/)
  })
})

describe('normalise', () => {
  it('z-score gives mean 0 and std 1; constant images stay 0', () => {
    const z = zscore(Float32Array.from([1, 2, 3, 4]))
    const mean = z.reduce((a, b) => a + b) / 4
    const std = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / 4)
    expect(mean).toBeCloseTo(0, 6)
    expect(std).toBeCloseTo(1, 6)
    expect(Array.from(zscore(new Float32Array(4).fill(7)))).toEqual([0, 0, 0, 0])
  })
  it('window maps [c − w/2, c + w/2] to [0, 1], clipped', () => {
    const v = normalise(Float32Array.from([0, 50, 100, 150, 200]), 'window', { center: 100, width: 100 }, 0, 200)
    expect(Array.from(v)).toEqual([0, 0, 0.5, 1, 1])
  })
})

describe('augment', () => {
  it('is reproducible from the seed and moves mask and image together', () => {
    const size = 16
    const img = new Float32Array(size * size)
    const mask = new Uint8Array(size * size)
    for (let y = 4; y < 8; y++) for (let x = 2; x < 6; x++) {
      img[y * size + x] = 1
      mask[y * size + x] = 1
    }
    const a = augment(img, mask, size, createRng(3))
    const b = augment(img, mask, size, createRng(3))
    expect(a.image).toEqual(b.image)
    expect(a.mask).toEqual(b.mask)
    // The mask follows the bright square: most mask pixels sit on bright image pixels.
    let on = 0
    let total = 0
    a.mask!.forEach((m, i) => {
      if (m) {
        total++
        if (a.image[i] > 0.5) on++
      }
    })
    expect(total).toBeGreaterThan(8)
    expect(on / total).toBeGreaterThan(0.8)
    expect(img[0]).toBe(0) // inputs untouched
  })
})

describe('splitByPatient', () => {
  const items = Array.from({ length: 40 }, (_, i) => ({ imageId: i + 1, patientKey: `P${Math.floor(i / 4)}` }))
  it('keeps each patient on one side, about the asked fraction, same every time', () => {
    const s = splitByPatient(items, 0.2, 1234)
    expect(s.train.length + s.val.length).toBe(40)
    expect(s.val.length).toBe(8)
    const valPatients = new Set(s.val.map((i) => i.patientKey))
    expect(s.train.some((i) => valPatients.has(i.patientKey))).toBe(false)
    expect(splitByPatient([...items].reverse(), 0.2, 1234).val.map((i) => i.imageId).sort()).toEqual(s.val.map((i) => i.imageId).sort())
  })
  it('never leaves train empty, and puts a group in val when there are two', () => {
    const two = [
      { imageId: 1, patientKey: 'A' },
      { imageId: 2, patientKey: 'B' },
    ]
    const s = splitByPatient(two, 0.2)
    expect(s.train.length).toBe(1)
    expect(s.val.length).toBe(1)
    expect(splitByPatient([{ imageId: 1 }], 0.2).train.length).toBe(1)
  })
})

describe('sampler', () => {
  it('seeded shuffles differ per epoch and repeat per seed', () => {
    const classes = Array.from({ length: 20 }, (_, i) => i % 2)
    expect(epochOrder(classes, 0, 1, false)).toEqual(epochOrder(classes, 0, 1, false))
    expect(epochOrder(classes, 0, 1, false)).not.toEqual(epochOrder(classes, 1, 1, false))
    expect([...epochOrder(classes, 0, 1, false)].sort((a, b) => a - b)).toEqual(classes.map((_, i) => i))
  })
  it('balanced sampling draws classes equally', () => {
    const classes = [0, 0, 0, 0, 0, 0, 1, 1]
    const order = epochOrder(classes, 0, 1, true)
    expect(order.length).toBe(12)
    expect(order.filter((i) => classes[i] === 1).length).toBe(6)
  })
  it('batches', () => {
    expect(toBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(() => toBatches([1], 0)).toThrow(/batchSize/)
  })
})

describe('project reader and batches', () => {
  const project = createPhantomProject(join(tmp, 'p'), { nSeg: 6, nCls: 4, size: 40 })
  it('decodes every pixel dtype little-endian', () => {
    const i16 = new Int16Array([-5, 300])
    expect(Array.from(pixelsToFloat32(new Uint8Array(i16.buffer), 'int16', 2))).toEqual([-5, 300])
    const f32 = new Float32Array([1.5, -2])
    expect(Array.from(pixelsToFloat32(new Uint8Array(f32.buffer), 'float32', 2))).toEqual([1.5, -2])
    expect(() => pixelsToFloat32(new Uint8Array(3), 'uint16', 2)).toThrow(/3 bytes, expected 2 uint16/)
  })
  it('reads images and masks from a read-only DB and builds tensors', async () => {
    const reader = new ProjectReader(project.dbPath)
    const raw = reader.readImage(1)
    expect(raw.width).toBe(40)
    expect(raw.pixels.length).toBe(1600)
    const ex = prepareExamples(reader, project.segSnapshot.items.train.slice(0, 3), 'segmentation', project.segSnapshot.classes, 16, 'zscore')
    expect(ex[0].image.length).toBe(256)
    expect(ex[0].mask!.some((v) => v === 1)).toBe(true)
    const { xs, ys } = makeBatch(ex, [0, 1, 2], 16, 1, null)
    expect(xs.shape).toEqual([3, 16, 16, 1])
    expect(ys.shape).toEqual([3, 16, 16, 1])
    const multi = makeBatch(ex, [0, 1], 16, 3, createRng(1))
    expect(multi.ys.shape).toEqual([2, 16, 16, 3])
    xs.dispose(); ys.dispose(); multi.xs.dispose(); multi.ys.dispose()
    expect(() => reader.readImage(999)).toThrow(/image 999 is not in the project/)
    expect(() => reader.readMask(1, { imageId: 2, width: 40, height: 40 })).toThrow(/belongs to image 1, not 2/)
    reader.close()
    // The trainer's connection is read-only: writing through it must fail.
    const ro = new Database(project.dbPath, { readonly: true, fileMustExist: true })
    expect(() => ro.prepare("UPDATE images SET name = 'x'").run()).toThrow(/readonly/)
    ro.close()
  })
  it('maps label values to class indices', () => {
    const idx = labelsToClassIndex(Uint8Array.from([0, 5, 9, 7]), [
      { id: 1, name: 'a', value: 5 },
      { id: 2, name: 'b', value: 9 },
    ])
    expect(Array.from(idx)).toEqual([0, 1, 2, 0])
  })
})
