import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeNifti } from '../../../test/fixtures'
import { createProject, type Project } from './project'
import { runImport } from './import'
import { interpolateMasks } from './interpolate'
import { currentMask, saveMask } from './masks'

let dir: string
let project: Project
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-interp-'))
  project = createProject(join(dir, 'p'))
  mkdirSync(join(dir, 'src'))
  const dims: [number, number, number] = [40, 40, 7]
  writeNifti(join(dir, 'src', 'vol.nii'), { dims, data: new Float32Array(40 * 40 * 7).fill(10), datatype: 'float32' } as never)
  await runImport(project, { paths: [join(dir, 'src', 'vol.nii')] })
})
afterEach(() => {
  project.close()
  rmSync(dir, { recursive: true, force: true })
})

function disc(r: number) {
  const m = new Uint8Array(40 * 40)
  for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) if ((x - 20) ** 2 + (y - 20) ** 2 <= r * r) m[y * 40 + x] = 1
  return m
}
const area = (m: Uint8Array) => m.reduce((s, v) => s + (v ? 1 : 0), 0)

describe('fill between slices', () => {
  it('writes interpolated masks on every slice between two key slices, growing from the small to the large disc', () => {
    const slices = project.db.prepare('SELECT id FROM images WHERE volume_id IS NOT NULL ORDER BY slice_index').pluck().all() as number[]
    expect(slices).toHaveLength(7)
    saveMask(project, { imageId: slices[1], parentId: null, labels: disc(4), author: 'Dr I' })
    saveMask(project, { imageId: slices[5], parentId: null, labels: disc(12), author: 'Dr I' })
    const versions = interpolateMasks(project, slices[5], slices[1], 'Dr I')
    expect(versions.map((v) => v.imageId)).toEqual([slices[2], slices[3], slices[4]])
    const areas = [2, 3, 4].map((k) => area(currentMask(project, slices[k]).labels!))
    expect(areas[0]).toBeGreaterThan(area(disc(4)))
    expect(areas[1]).toBeGreaterThan(areas[0])
    expect(areas[2]).toBeGreaterThan(areas[1])
    expect(areas[2]).toBeLessThan(area(disc(12)))
  })

  it('refuses key slices without masks', () => {
    const slices = project.db.prepare('SELECT id FROM images ORDER BY slice_index').pluck().all() as number[]
    expect(() => interpolateMasks(project, slices[0], slices[3], 'x')).toThrow(/both key slices need a mask/)
  })
})
