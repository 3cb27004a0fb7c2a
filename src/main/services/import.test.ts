import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeLayoutFolder, mriPhantomSlice, writeDicom, writeNifti, writePng8 } from '../../../test/fixtures'
import { createProject, type Project } from './project'
import { runImport } from './import'

let dir: string
let project: Project
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-import-'))
  project = createProject(join(dir, 'project'))
})
afterEach(() => {
  project.close()
  rmSync(dir, { recursive: true, force: true })
})

const count = (sql: string, ...args: unknown[]) => project.db.prepare(sql).pluck().get(...args) as number

describe('import', () => {
  it('imports the Kaggle chest X-ray class-folder layout with splits and labels from folders', async () => {
    const f = makeLayoutFolder('classes', join(dir, 'src'), 2)
    const s = await runImport(project, { paths: [f.root] })
    expect(s.layout).toBe('classes')
    expect(s.imagesAdded).toBe(f.expected.images)
    expect(s.bySplit).toEqual(f.expected.bySplit)
    expect(s.byClass).toEqual(f.expected.byClass)
    expect(project.repos.images.stats().byClass).toEqual(f.expected.byClass)
    const labels = project.db.prepare("SELECT author, source FROM image_labels").all() as { author: string; source: string }[]
    expect(labels.length).toBe(f.expected.images)
    expect(labels.every((l) => l.source === 'import')).toBe(true)
  })

  it('pairs kaggle_3m masks, groups patients by folder and warns when one spans two splits', async () => {
    const f = makeLayoutFolder('kaggle3m', join(dir, 'src'), 3)
    const s = await runImport(project, { paths: [f.root], split: 'train' })
    expect(s.masksPaired).toBe(f.expected.masks)
    expect(s.imagesAdded).toBe(f.expected.images)
    expect(s.emptyMasks).toBe(f.expected.masks - f.expected.nonEmptyMasks)
    expect(count('SELECT count(DISTINCT patient_key) FROM images')).toBeGreaterThan(1)
    // Same patients again under another split: a new file per patient, so a leak to warn about.
    const extra = join(dir, 'src2', f.images[0].split('/').slice(-2, -1)[0])
    mkdirSync(extra, { recursive: true })
    const p = mriPhantomSlice(999, 64)
    writePng8(join(extra, 'new_1.png'), p.pixels.map((v) => Math.min(255, v / 5)), 64, 64)
    writePng8(join(extra, 'new_1_mask.png'), p.mask.map((v) => v * 255), 64, 64)
    const s2 = await runImport(project, { paths: [join(dir, 'src2')], split: 'val', layout: 'pairs' })
    expect(s2.imagesAdded).toBe(1)
    expect(s2.patientsInSeveralSplits).toHaveLength(1)
    expect(s2.warnings.join(' ')).toMatch(/more than one split/)
  })

  it('importing the same files twice changes nothing, and duplicates are imported once', async () => {
    const f = makeLayoutFolder('images-masks', join(dir, 'src'), 4)
    copyFileSync(f.images[0], join(f.root, 'images', 'copy_of_first.png'))
    const first = await runImport(project, { paths: [f.root] })
    expect(first.duplicates).toHaveLength(1)
    const before = count('SELECT count(*) FROM images') + count('SELECT count(*) FROM mask_versions') + count('SELECT count(*) FROM files')
    const again = await runImport(project, { paths: [f.root] })
    expect(again.imagesAdded).toBe(0)
    expect(again.imagesSkippedExisting).toBeGreaterThan(0)
    expect(count('SELECT count(*) FROM images') + count('SELECT count(*) FROM mask_versions') + count('SELECT count(*) FROM files')).toBe(before)
  })

  it('stores no patient name or ID: only a salted pseudonymous key', async () => {
    const d = join(dir, 'dcm')
    mkdirSync(d)
    const px = new Uint16Array(32 * 32).fill(100)
    writeDicom(join(d, 'a.dcm'), { rows: 32, columns: 32, stored: px, patientId: 'MRN-123456', patientName: 'Doe^Jane' })
    await runImport(project, { paths: [d] })
    const dump = readFileSync(project.dbPath).toString('latin1') + JSON.stringify(project.db.prepare('SELECT * FROM images').all())
    expect(dump).not.toContain('MRN-123456')
    expect(dump).not.toContain('Doe^Jane')
    expect(count('SELECT count(*) FROM images WHERE patient_key IS NOT NULL')).toBe(1)
  })

  it('imports a NIfTI volume with its label volume as slices and masks', async () => {
    const d = join(dir, 'nii')
    mkdirSync(d)
    const dims: [number, number, number] = [24, 20, 5]
    const n = dims[0] * dims[1] * dims[2]
    const img = new Float32Array(n).map((_, i) => i % 97)
    const lab = new Uint8Array(n)
    lab[3 * 24 * 20 + 10 * 24 + 12] = 1
    writeNifti(join(d, 'vol.nii.gz'), { dims, data: img, datatype: 'float32' } as never)
    writeNifti(join(d, 'vol_label.nii'), { dims, data: lab, datatype: 'uint8' } as never)
    const s = await runImport(project, { paths: [join(d, 'vol.nii.gz')], masks: join(d, 'vol_label.nii'), split: 'train' })
    expect(s.unreadable).toEqual([])
    expect(s.imagesAdded).toBe(5)
    expect(s.masksPaired).toBe(5)
    expect(count('SELECT count(*) FROM volumes')).toBe(1)
    expect(count('SELECT sum(mask_area) FROM images')).toBe(1)
  })

  describe('bad input: a clear message naming the file, the rest goes on, nothing stored for that file', () => {
    async function importWithBad(name: string, bytes: Uint8Array) {
      const d = join(dir, 'bad')
      mkdirSync(d, { recursive: true })
      const good = mriPhantomSlice(3, 32)
      writePng8(join(d, 'good.png'), good.pixels.map((v) => Math.min(255, v / 5)), 32, 32)
      writeFileSync(join(d, name), bytes)
      const s = await runImport(project, { paths: [d] })
      expect(s.imagesAdded).toBe(1)
      expect(count('SELECT count(*) FROM images WHERE name LIKE ?', `%${name}%`)).toBe(0)
      const problem = s.unreadable.find((u) => u.file.endsWith(name))
      expect(problem, JSON.stringify(s.unreadable)).toBeDefined()
      return problem!.reason
    }
    const pngHeader = () => {
      const d = mkdtempSync(join(tmpdir(), 'radlab-png-'))
      const p = writePng8(join(d, 'x.png'), new Uint8Array(64 * 64).fill(7), 64, 64)
      const b = readFileSync(p)
      rmSync(d, { recursive: true, force: true })
      return b
    }
    it('empty file', async () => expect(await importWithBad('empty.png', new Uint8Array())).toMatch(/empty\.png.*empty/i))
    it('wrong magic', async () => expect(await importWithBad('text.png', Buffer.from('hello, this is not an image at all'))).toMatch(/text\.png/))
    it('truncated PNG', async () => expect(await importWithBad('cut.png', pngHeader().subarray(0, 40))).toMatch(/cut\.png/))
    it('broken gzip', async () => {
      const gz = gzipSync(Buffer.alloc(2000, 1))
      expect(await importWithBad('broken.nii.gz', gz.subarray(0, gz.length - 30))).toMatch(/broken\.nii\.gz/)
    })
    it('NIfTI with absurd dimensions (never allocated)', async () => {
      const h = Buffer.alloc(352)
      h.writeInt32LE(348, 0)
      h.writeInt16LE(3, 40); h.writeInt16LE(30000, 42); h.writeInt16LE(30000, 44); h.writeInt16LE(30000, 46)
      h.writeInt16LE(16, 70); h.writeInt16LE(32, 72)
      h.writeFloatLE(352, 108)
      h.write('n+1\0', 344, 'latin1')
      expect(await importWithBad('huge.nii', h)).toMatch(/huge\.nii/)
    })
    it('NIfTI vox_offset past the end', async () => {
      const h = Buffer.alloc(400)
      h.writeInt32LE(348, 0)
      h.writeInt16LE(3, 40); h.writeInt16LE(4, 42); h.writeInt16LE(4, 44); h.writeInt16LE(1, 46)
      h.writeInt16LE(2, 70); h.writeInt16LE(8, 72)
      h.writeFloatLE(100000, 108)
      h.write('n+1\0', 344, 'latin1')
      expect(await importWithBad('offset.nii', h)).toMatch(/offset\.nii.*vox_offset/)
    })
    it('a path that does not exist', async () => {
      const s = await runImport(project, { paths: [join(dir, 'nope')] })
      expect(s.unreadable[0]).toEqual({ file: join(dir, 'nope'), reason: 'path does not exist' })
    })
    it('a mask whose size differs from its image is reported and not stored', async () => {
      const f = makeLayoutFolder('images-masks', join(dir, 'src'), 2)
      const wrong = new Uint8Array(10 * 10).fill(1)
      writePng8(f.masks[0], wrong, 10, 10)
      const s = await runImport(project, { paths: [f.root] })
      expect(s.sizeMismatches).toHaveLength(1)
      expect(s.sizeMismatches[0].file).toBe(f.masks[0])
      expect(s.masksPaired).toBe(f.masks.length - 1)
    })
  })

  it('a disk that fills during import stops cleanly and keeps what was committed', async () => {
    const f = makeLayoutFolder('plain', join(dir, 'src'), 400, 32)
    // SQLITE_FULL is what a full disk raises inside SQLite; cap the DB's pages to get it for real.
    const pageCount = project.db.pragma('page_count', { simple: true }) as number
    project.db.pragma(`max_page_count = ${pageCount + 250}`)
    const s = await runImport(project, { paths: [f.root] })
    expect(s.stoppedEarly).toMatch(/disk full|full/i)
    expect(s.imagesAdded).toBeGreaterThan(0)
    expect(s.imagesAdded).toBeLessThan(f.images.length)
    expect(count('SELECT count(*) FROM images')).toBe(s.imagesAdded)
    expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
