import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeJpeg, writePng16, writePng8, writeTiff, xrayPhantom } from '../../test/fixtures'
import { decodeFile } from './decode'
import { tempDir } from './test-helpers'

const dir = tempDir()
const W = 40
const H = 30
/** A ramp with distinct values everywhere, so orientation and exact values can be checked. */
const ramp8 = Float32Array.from({ length: W * H }, (_, i) => (i * 7) % 256)
const ramp16 = Float32Array.from({ length: W * H }, (_, i) => i * 50)

describe('PNG', () => {
  it('reads an 8-bit grey PNG exactly, top row first', async () => {
    const set = await decodeFile(writePng8(join(dir, 'g8.png'), ramp8, W, H))
    expect(set).toMatchObject({ format: 'png', dims: [W, H], spacing: [1, 1], dtype: 'uint8', slope: 1, intercept: 0, window: null })
    expect(set.meta.channels).toBe(1)
    expect(set.planes).toHaveLength(1)
    expect(Array.from(set.planes[0].pixels)).toEqual(Array.from(ramp8))
  })

  it('keeps the full range of a 16-bit grey PNG', async () => {
    const set = await decodeFile(writePng16(join(dir, 'g16.png'), ramp16, W, H))
    expect(set.dtype).toBe('uint16')
    expect(set.planes[0].pixels[W * H - 1]).toBe((W * H - 1) * 50)
    expect(Array.from(set.planes[0].pixels)).toEqual(Array.from(ramp16))
  })

  it('turns an RGB PNG into luminance and records 3 channels', async () => {
    const set = await decodeFile(writePng8(join(dir, 'rgb.png'), ramp8, W, H, { rgb: true }))
    expect(set.meta.channels).toBe(3)
    // R = G = B = v, so 0.299v + 0.587v + 0.114v = v (within float rounding)
    set.planes[0].pixels.forEach((v, i) => expect(v).toBeCloseTo(ramp8[i], 3))
  })
})

describe('JPEG', () => {
  it('decodes a JPEG (jpeg-js writes 3 components) close to its source grey (lossy)', async () => {
    const x = xrayPhantom(3, 64)
    const set = await decodeFile(writeJpeg(join(dir, 'x.jpg'), x.pixels, 64, 64, 95))
    expect(set).toMatchObject({ format: 'jpeg', dims: [64, 64], dtype: 'uint8' })
    expect(set.meta.channels).toBe(3)
    let err = 0
    set.planes[0].pixels.forEach((v, i) => (err += Math.abs(v - Math.round(x.pixels[i]))))
    expect(err / (64 * 64)).toBeLessThan(3)
  })
})

describe('TIFF', () => {
  it('reads 8-bit grey', async () => {
    const set = await decodeFile(writeTiff(join(dir, 'g8.tif'), ramp8, W, H))
    expect(set).toMatchObject({ format: 'tiff', dims: [W, H], dtype: 'uint8' })
    expect(Array.from(set.planes[0].pixels)).toEqual(Array.from(ramp8))
  })

  it('reads 16-bit grey written big-endian', async () => {
    const set = await decodeFile(writeTiff(join(dir, 'g16.tif'), ramp16, W, H, { bits: 16 }))
    expect(set.dtype).toBe('uint16')
    expect(Array.from(set.planes[0].pixels)).toEqual(Array.from(ramp16))
  })

  it('reads 8-bit RGB as luminance (kaggle_3m images are RGB TIFFs)', async () => {
    const set = await decodeFile(writeTiff(join(dir, 'rgb.tif'), ramp8, W, H, { rgb: true }))
    expect(set.meta.channels).toBe(3)
    set.planes[0].pixels.forEach((v, i) => expect(v).toBeCloseTo(ramp8[i], 3))
  })
})

describe('sniffing', () => {
  it('trusts magic bytes over the extension', async () => {
    const path = writePng8(join(dir, 'actually-a-png.dcm'), ramp8, W, H)
    expect((await decodeFile(path)).format).toBe('png')
  })
})
