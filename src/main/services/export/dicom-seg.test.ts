import dcmjsModule from 'dcmjs'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../../test/fixtures/layouts'
import { readDicomHeaderFile } from '../../../imaging'
import { runExport } from '../export'
import { storedPath } from '../file-store'
import { runImport } from '../import'
import type { Project } from '../project'
import { addImage, addMask, labelsAt, newProject, range, SYSTEM_PYTHON, tempDir } from './testing'

const dcmjs = dcmjsModule as unknown as { data: { DicomMessage: any; DicomMetaDictionary: any } }

let cleanup = () => {}
let project: Project | null = null
afterEach(() => { project?.close(); project = null; cleanup() })

it('writes a DICOM SEG per DICOM series that references the source instances, frame by frame', async () => {
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const folder = makeLayoutFolder('dicom', t.dir, 3, 32)
  await runImport(p, { paths: [folder.root], split: 'train' })
  addImage(p, { name: 'not-dicom.png', width: 8, height: 8, split: 'train' })
  const volumes = p.db.prepare('SELECT id, name FROM volumes ORDER BY id').all() as { id: number; name: string }[]
  expect(volumes).toHaveLength(2)
  // Series 1: masks on slices 0 and 2 (slice 1 left empty); series 2: no masks at all.
  const slices = p.db.prepare('SELECT id, file_sha FROM images WHERE volume_id = ? ORDER BY slice_index').all(volumes[0].id) as { id: number; file_sha: string }[]
  const masks = new Map<string, Uint8Array>()
  for (const s of [0, 2]) {
    const labels = labelsAt(32 * 32, range(100 + s * 50, 180 + s * 50))
    addMask(p, slices[s].id, labels)
    masks.set(readDicomHeaderFile(storedPath(p.filesDir, slices[s].file_sha)).sopInstanceUid!, labels)
  }
  addMask(p, slices[1].id, new Uint8Array(32 * 32))

  const out = join(t.dir, 'seg')
  const r = runExport(p, { format: 'dicom-seg', out, split: 'all', force: false })
  expect(r.files).toBe(1)
  expect(r.warnings.join()).toMatch(/1 case\(s\) not imported from DICOM were skipped/)
  const [file] = readdirSync(out)
  const buf = readFileSync(join(out, file))
  const msg = dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength))
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict)
  expect(ds.Modality).toBe('SEG')
  expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4')
  expect(ds.NumberOfFrames).toBe(2)
  expect([ds.Rows, ds.Columns]).toEqual([32, 32])
  const segments = Array.isArray(ds.SegmentSequence) ? ds.SegmentSequence : [ds.SegmentSequence]
  expect(segments.map((s: any) => s.SegmentLabel)).toEqual(['lesion'])
  const refs = (Array.isArray(ds.ReferencedSeriesSequence) ? ds.ReferencedSeriesSequence[0] : ds.ReferencedSeriesSequence).ReferencedInstanceSequence
  expect(refs).toHaveLength(3)
  // Each frame names its source instance; its (bit-packed) pixels equal that slice's mask.
  const bits = new Uint8Array(ds.PixelData[0] ?? ds.PixelData)
  const frames = ds.PerFrameFunctionalGroupsSequence as any[]
  frames.forEach((f, k) => {
    const src = f.DerivationImageSequence.SourceImageSequence
    const sop = (Array.isArray(src) ? src[0] : src).ReferencedSOPInstanceUID
    const want = masks.get(sop)
    expect(want, `frame ${k} references ${sop}`).toBeDefined()
    const got = new Uint8Array(32 * 32)
    for (let i = 0; i < got.length; i++) {
      const bit = k * 32 * 32 + i
      got[i] = (bits[bit >> 3] >> (bit & 7)) & 1
    }
    expect(Array.from(got)).toEqual(Array.from(want!))
  })

  const py = spawnSync(SYSTEM_PYTHON, ['-c', `import pydicom, json; d = pydicom.dcmread('${join(out, file)}'); a = d.pixel_array; print(json.dumps({'shape': list(a.shape), 'sum': int(a.sum())}))`], { encoding: 'utf8' })
  if (py.status === 0) expect(JSON.parse(py.stdout)).toEqual({ shape: [2, 32, 32], sum: 160 })
  else console.warn(`pydicom read-back skipped: ${py.stderr.trim().split('\n').pop()}`)
})

it('refuses when no DICOM image has a mask', () => {
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const id = addImage(p, { name: 'a.png', width: 8, height: 8 })
  addMask(p, id, labelsAt(64, [1, 2, 3]))
  expect(() => runExport(p, { format: 'dicom-seg', out: join(t.dir, 'o'), split: 'all', force: false })).toThrow(/DICOM SEG is written only for images imported from DICOM/)
})

it('gives DICOM series in NIfTI exports the affine their headers describe (LPS → RAS)', async () => {
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const folder = makeLayoutFolder('dicom', t.dir, 3, 32)
  await runImport(p, { paths: [folder.root], split: 'train' })
  const first = p.db.prepare('SELECT id FROM images WHERE volume_id = 1 ORDER BY slice_index').pluck().all() as number[]
  for (const id of first) addMask(p, id, labelsAt(32 * 32, range(0, 10)))
  const out = join(t.dir, 'nifti')
  runExport(p, { format: 'nifti', out, split: 'all', force: false })
  const [file] = readdirSync(out)
  const { parseNifti, unwrap } = await import('../../../imaging')
  const parsed = parseNifti(unwrap(readFileSync(join(out, file)), file).bytes, file)
  // Fixture: PixelSpacing 0.9, ImageOrientation identity, positions (0, 0, 3k) in LPS.
  expect(parsed.dims).toEqual([32, 32, 3])
  expect(parsed.affine.map((r) => r.map((v) => Math.round(v * 1000) / 1000 + 0))).toEqual([[-0.9, 0, 0, 0], [0, -0.9, 0, 0], [0, 0, 3, 0], [0, 0, 0, 1]])
})
