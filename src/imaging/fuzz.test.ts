// Damaged files of every format must end in an ImagingError (or a successful decode when the damage
// hits only pixel values), never in a library's raw exception, a hang or a crash.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { makeRng, writeDicom, writeIdx, writeJpeg, writeNifti, writePng16, writePng8, writeTiff, xrayPhantom } from '../../test/fixtures'
import { decodeBuffer } from './decode'
import { ImagingError } from './errors'
import { tempDir } from './test-helpers'

const dir = tempDir()
const x = xrayPhantom(9, 32)

const samples: Record<string, string> = {
  'a.png': writePng8(join(dir, 'a.png'), x.pixels, 32, 32),
  'a16.png': writePng16(join(dir, 'a16.png'), x.pixels.map((v) => v * 200), 32, 32),
  'a.jpg': writeJpeg(join(dir, 'a.jpg'), x.pixels, 32, 32),
  'a.tif': writeTiff(join(dir, 'a.tif'), x.pixels, 32, 32, { bits: 16 }),
  'a.dcm': writeDicom(join(dir, 'a.dcm'), { rows: 32, columns: 32, stored: x.pixels, slope: 2, intercept: 1 }),
  'a.nii': writeNifti(join(dir, 'a.nii'), { dims: [8, 8, 16], data: x.pixels, datatype: 'float32' }),
  'a.nii.gz': writeNifti(join(dir, 'a.nii.gz'), { dims: [8, 8, 16], data: x.pixels, datatype: 'int16', version: 2, littleEndian: false }),
  'a-images-idx3-ubyte.gz': writeIdx(join(dir, 'a-images-idx3-ubyte.gz'), { images: Uint8Array.from(x.pixels), n: 4, rows: 16, cols: 16 }),
}

function outcome(bytes: Uint8Array, name: string): string {
  try {
    decodeBuffer(bytes, name)
    return 'ok'
  } catch (e) {
    if (e instanceof ImagingError) return e.code
    return `RAW ${(e as Error)?.constructor?.name}: ${(e as Error)?.message ?? e}`
  }
}

describe('damaged files', () => {
  for (const [name, path] of Object.entries(samples)) {
    it(`${name}: every truncation and 200 random corruptions give ImagingError or a decode`, () => {
      const good = readFileSync(path)
      expect(outcome(good, name)).toBe('ok')
      const raw: string[] = []
      const step = Math.max(1, Math.floor(good.length / 150))
      for (let n = 0; n < good.length; n += step) {
        const r = outcome(good.subarray(0, n), name)
        if (r.startsWith('RAW')) raw.push(`cut at ${n}: ${r}`)
      }
      const rng = makeRng(good.length)
      for (let k = 0; k < 200; k++) {
        const bad = Buffer.from(good)
        const hits = 1 + Math.floor(rng() * 4)
        for (let h = 0; h < hits; h++) bad[Math.floor(rng() * Math.min(bad.length, 600))] = Math.floor(rng() * 256)
        const r = outcome(name.endsWith('.gz') ? gzipSync(bad) : bad, name)
        if (r.startsWith('RAW')) raw.push(`corruption ${k}: ${r}`)
      }
      expect(raw.slice(0, 5)).toEqual([])
    })
  }
})
