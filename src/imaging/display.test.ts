import { join } from 'node:path'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { mriPhantomSlice, writePng8, writeTiff, xrayPhantom } from '../../test/fixtures'
import { decodeLabelPng, encodeLabelPng, readMaskImage } from './mask-png'
import { downscaleArea, fitSize, resizeBilinear, resizeNearest } from './resample'
import { makeMaskThumbnailPng, makeThumbnailPng } from './thumbnail'
import { tempDir } from './test-helpers'
import { applyWindow, autoWindow } from './window'

const dir = tempDir()

describe('window/level', () => {
  it('maps center ± width/2 to 0..255 and clamps', () => {
    const out = applyWindow(Float32Array.from([-1000, 0, 25, 100, 2000, NaN]), { center: 50, width: 100 })
    expect(Array.from(out)).toEqual([0, 0, 64, 255, 255, 0])
  })

  it('automatic window spans the 1st–99th percentiles, ignoring outliers', () => {
    const px = Float32Array.from({ length: 10000 }, (_, i) => i % 1000)
    px[0] = 1e6 // a hot pixel
    const w = autoWindow(px)
    expect(w.center - w.width / 2).toBeGreaterThan(0)
    expect(w.center - w.width / 2).toBeLessThan(20)
    expect(w.center + w.width / 2).toBeGreaterThan(980)
    expect(w.center + w.width / 2).toBeLessThan(1e6 / 100)
    expect(autoWindow(new Float32Array(10).fill(7))).toEqual({ center: 7, width: 1 })
  })
})

describe('resampling', () => {
  it('bilinear keeps a constant image constant and interpolates a ramp', () => {
    expect(Array.from(resizeBilinear(new Float32Array(16).fill(3), 4, 4, 7, 5)).every((v) => Math.abs(v - 3) < 1e-6)).toBe(true)
    const ramp = Float32Array.from([0, 10, 20, 30])
    expect(Array.from(resizeBilinear(ramp, 4, 1, 2, 1))).toEqual([5, 25])
  })

  it('nearest never invents label values', () => {
    const labels = Uint8Array.from([0, 1, 2, 3])
    const up = resizeNearest(labels, 2, 2, 5, 5)
    expect(new Set(up)).toEqual(new Set([0, 1, 2, 3]))
    expect(up[0]).toBe(0)
    expect(up[24]).toBe(3)
  })

  it('area average: a 4×4 checkerboard shrinks to uniform grey', () => {
    const cb = Float32Array.from({ length: 16 }, (_, i) => ((i % 4) + Math.floor(i / 4)) % 2 ? 100 : 0)
    expect(Array.from(downscaleArea(cb, 4, 4, 2, 2))).toEqual([50, 50, 50, 50])
    expect(fitSize(512, 256, 128)).toEqual({ width: 128, height: 64 })
  })
})

describe('thumbnails', () => {
  it('a 512² slice becomes a ≤128 px grey PNG', () => {
    const s = mriPhantomSlice(1, 512)
    const png = PNG.sync.read(makeThumbnailPng({ width: 512, height: 512, pixels: s.pixels }))
    expect([png.width, png.height]).toEqual([128, 128])
    const x = xrayPhantom(2, 100)
    const small = PNG.sync.read(makeThumbnailPng({ width: 100, height: 100, pixels: x.pixels }, { center: 128, width: 256 }))
    expect([small.width, small.height]).toEqual([100, 100])
  })

  it('a mask thumbnail colours labels and leaves background transparent', () => {
    const labels = new Uint8Array(64 * 64)
    labels.fill(1, 0, 32 * 64)
    const png = PNG.sync.read(makeMaskThumbnailPng(labels, 64, 64, [{ value: 1, color: '#ff0000' }], 32))
    expect([png.width, png.height]).toEqual([32, 32])
    expect(Array.from(png.data.subarray(0, 4))).toEqual([255, 0, 0, 255])
    expect(png.data[png.data.length - 1]).toBe(0)
  })
})

describe('mask images', () => {
  it('label map ⇄ PNG is lossless', () => {
    const labels = Uint8Array.from({ length: 30 * 20 }, (_, i) => i % 4)
    const back = decodeLabelPng(encodeLabelPng(labels, 30, 20))
    expect([back.width, back.height]).toEqual([30, 20])
    expect(Array.from(back.labels)).toEqual(Array.from(labels))
  })

  it('a binary mask image reads as 0/1 whatever its foreground value (kaggle_3m masks are 0/255 TIFFs)', async () => {
    const s = mriPhantomSlice(5, 64)
    const tif = writeTiff(join(dir, 'm_mask.tif'), s.mask.map((v) => v * 255), 64, 64)
    const m = await readMaskImage(tif)
    expect(Array.from(m.labels)).toEqual(Array.from(s.mask))
    const png = writePng8(join(dir, 'm.png'), Uint8Array.from([0, 2, 0, 7]), 2, 2)
    expect(Array.from((await readMaskImage(png, { binary: false })).labels)).toEqual([0, 2, 0, 7])
  })
})
