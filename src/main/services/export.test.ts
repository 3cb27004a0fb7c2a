import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeFileSync, decodeLabelPng } from '../../imaging'
import { runExport } from './export'
import { runImport } from './import'
import { imagePixels } from './images'
import { addImage, addMask, addRun, addSegPrediction, labelsAt, NIBABEL_DATA, newProject, range, SYSTEM_PYTHON, tempDir } from './export/testing'
import type { Project } from './project'

let cleanup = () => {}
let project: Project | null = null
let root = ''
afterEach(() => { project?.close(); project = null; cleanup() })

function setup() {
  const t = tempDir()
  cleanup = t.cleanup
  root = t.dir
  project = newProject(t.dir)
  return project
}

const HAVE_NIBABEL = spawnSync(SYSTEM_PYTHON, ['-c', 'import nibabel, numpy'], { encoding: 'utf8' }).status === 0
const nibabelIt = HAVE_NIBABEL ? it : it.skip
if (!HAVE_NIBABEL) console.warn(`python3-nibabel not found at ${SYSTEM_PYTHON}: the nibabel read-back checks are skipped`)

/** Runs a python snippet and parses the JSON it prints. */
function python(code: string): any {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', code], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

/** 2D segmentation project: 6 patients × 1 train image each (two also in val), one test image, one unlabelled train image. */
function segProject(p: Project) {
  const ids: { id: number; name: string; mask: Uint8Array | null; pixels: number[] }[] = []
  const add = (name: string, split: 'train' | 'val' | 'test', patient: string, withMask = true) => {
    const pixels = Array.from({ length: 12 * 8 }, (_, i) => (i * 131 + name.length * 7) % 3000)
    const id = addImage(p, { name, width: 12, height: 8, split, patient, pixels, modality: 'MR' })
    const mask = withMask ? labelsAt(96, range(name.length, name.length + 20)) : null
    if (mask) addMask(p, id, mask)
    ids.push({ id, name, mask, pixels })
  }
  for (let k = 0; k < 6; k++) add(`cases/p${k}/img${k}.png`, k < 4 ? 'train' : 'val', `patient-${k}`)
  add('cases/p0/second.png', 'train', 'patient-0')
  add('cases/t/test-case.png', 'test', 'patient-9')
  add('cases/u/unlabelled.png', 'train', 'patient-8', false)
  return ids
}

describe('export: output folder', () => {
  it('refuses a folder that exists and is not empty unless forced', () => {
    const p = setup()
    segProject(p)
    const out = join(root, 'out')
    mkdirSync(out)
    writeFileSync(join(out, 'keep.txt'), 'mine')
    expect(() => runExport(p, { format: 'png', out, split: 'all', force: false })).toThrow(/is not empty.*--force/)
    expect(readdirSync(out)).toEqual(['keep.txt'])
    const r = runExport(p, { format: 'png', out, split: 'all', force: true })
    expect(r.files).toBe(8)
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine')
    // An empty existing folder is fine without --force.
    mkdirSync(join(root, 'empty'))
    expect(runExport(p, { format: 'png', out: join(root, 'empty'), split: 'test', force: false }).files).toBe(1)
  })

  it('refuses unknown formats and model export without a run', () => {
    const p = setup()
    expect(() => runExport(p, { format: 'zip' as 'png', out: join(root, 'o'), split: 'all', force: false })).toThrow(/unknown export format zip/)
    expect(() => runExport(p, { format: 'model', out: join(root, 'o'), split: 'all', force: false })).toThrow(/needs a run/)
  })
})

describe('export: PNG masks', () => {
  it('writes lossless label PNGs named after their images, or a run\'s predictions', () => {
    const p = setup()
    const ids = segProject(p)
    const out = join(root, 'png')
    runExport(p, { format: 'png', out, split: 'all', force: false })
    const files = readdirSync(out).sort()
    expect(files).toContain('img0.png')
    expect(files).toContain('test-case.png')
    expect(files).not.toContain('unlabelled.png')
    const img3 = ids.find((i) => i.name.endsWith('img3.png'))!
    const back = decodeLabelPng(readFileSync(join(out, 'img3.png')))
    expect([back.width, back.height]).toEqual([12, 8])
    expect(Array.from(back.labels)).toEqual(Array.from(img3.mask!))

    const run = addRun(p, 'r1')
    addSegPrediction(p, run, img3.id, labelsAt(96, range(0, 7)))
    const predOut = join(root, 'pred-png')
    expect(runExport(p, { format: 'png', out: predOut, split: 'all', force: false, runId: run }).files).toBe(1)
    expect(Array.from(decodeLabelPng(readFileSync(join(predOut, 'img3.png'))).labels)).toEqual(Array.from(labelsAt(96, range(0, 7))))
  })
})

describe('export: nnU-Net v2', () => {
  it('writes imagesTr/labelsTr/imagesTs, dataset.json and patient-grouped splits that read back to the same images and masks', () => {
    const p = setup()
    const ids = segProject(p)
    const out = join(root, 'Dataset501_Test')
    const r = runExport(p, { format: 'nnunet', out, split: 'all', force: false })
    expect(r.warnings.join('\n')).toMatch(/1 training case\(s\) without any mask/)
    const dataset = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'))
    expect(dataset).toMatchObject({ channel_names: { '0': 'MR' }, labels: { background: 0, lesion: 1 }, numTraining: 7, file_ending: '.nii.gz' })
    const tr = readdirSync(join(out, 'imagesTr')).sort()
    const lab = readdirSync(join(out, 'labelsTr')).sort()
    expect(tr).toHaveLength(7)
    expect(tr.every((f) => f.endsWith('_0000.nii.gz'))).toBe(true)
    expect(lab).toEqual(tr.map((f) => f.replace('_0000.nii.gz', '.nii.gz')))
    expect(readdirSync(join(out, 'imagesTs'))).toEqual(['test-case_0000.nii.gz'])
    expect(readdirSync(join(out, 'labelsTs'))).toEqual(['test-case.nii.gz'])

    // Every case reads back (with the project's decoder) to the stored pixels and mask.
    for (const c of ids.filter((i) => i.mask && !i.name.includes('test-case'))) {
      const stem = c.name.split('/').pop()!.replace('.png', '')
      const img = decodeFileSync(join(out, 'imagesTr', `${stem}_0000.nii.gz`))
      const labels = decodeFileSync(join(out, 'labelsTr', `${stem}.nii.gz`))
      expect([img.planes.length, img.planes[0].width, img.planes[0].height]).toEqual([1, 12, 8])
      expect(Array.from(img.planes[0].pixels)).toEqual(c.pixels)
      expect(Array.from(labels.planes[0].pixels)).toEqual(Array.from(c.mask!))
    }

    // 5 folds; every training case is validated exactly once; a patient's cases share a fold.
    const folds = JSON.parse(readFileSync(join(out, 'splits_final.json'), 'utf8')) as { train: string[]; val: string[] }[]
    expect(folds).toHaveLength(5)
    const cases = tr.map((f) => f.replace('_0000.nii.gz', ''))
    expect(folds.flatMap((f) => f.val).sort()).toEqual(cases)
    for (const f of folds) expect([...f.train, ...f.val].sort()).toEqual(cases)
    const foldOf = (c: string) => folds.findIndex((f) => f.val.includes(c))
    expect(foldOf('img0')).toBe(foldOf('second'))
    const mapping = JSON.parse(readFileSync(join(out, 'radlab_cases.json'), 'utf8'))
    expect(mapping.img0.name).toBe('cases/p0/img0.png')
  })

  nibabelIt('is read by nibabel as the same images and masks (x = column, y = row)', () => {
    const p = setup()
    const ids = segProject(p)
    const out = join(root, 'nn')
    runExport(p, { format: 'nnunet', out, split: 'all', force: false })
    const got = python(`
import nibabel as nib, numpy as np, json
i = nib.load('${out}/imagesTr/img2_0000.nii.gz'); l = nib.load('${out}/labelsTr/img2.nii.gz')
print(json.dumps({'shape': list(i.shape), 'img': np.asarray(i.dataobj)[:, :, 0].T.ravel().tolist(), 'lab': np.asarray(l.dataobj)[:, :, 0].T.ravel().tolist(), 'intent': l.header.get_intent()[0]}))`)
    const c = ids.find((i) => i.name.endsWith('img2.png'))!
    expect(got.shape).toEqual([12, 8, 1])
    expect(got.img).toEqual(c.pixels)
    expect(got.lab).toEqual(Array.from(c.mask!))
    expect(got.intent).toBe('label')
  })

  it('refuses a project without mask classes', () => {
    const p = setup()
    addImage(p, { name: 'a.png', width: 4, height: 4 })
    expect(() => runExport(p, { format: 'nnunet', out: join(root, 'nn'), split: 'all', force: false })).toThrow(/needs segmentation masks/)
  })
})

const SOURCES = ['anatomical.nii', 'reoriented_anat_moved.nii']
const haveSources = SOURCES.every((f) => existsSync(join(NIBABEL_DATA, f)))
if (!haveSources) console.warn(`nibabel test data not found in ${NIBABEL_DATA}: the NIfTI volume export tests are skipped`)

describe.skipIf(!haveSources)('export: NIfTI volumes keep the source grid and affine', () => {
  /** Imports the nibabel volumes and draws a mask on every slice: voxels above the slice's mean. */
  async function volumeProject(p: Project) {
    const summary = await runImport(p, { paths: SOURCES.map((f) => join(NIBABEL_DATA, f)), layout: 'nifti', split: 'train' })
    expect(summary.imagesAdded).toBeGreaterThan(0)
    const threshold = new Map<string, number>()
    for (const v of p.db.prepare('SELECT id, name FROM volumes').all() as { id: number; name: string }[]) {
      const slices = p.db.prepare('SELECT id FROM images WHERE volume_id = ? ORDER BY slice_index').pluck().all(v.id) as number[]
      // One threshold per volume (its mean), so the expected mask is simply source > t in any orientation.
      let sum = 0, n = 0
      for (const id of slices) for (const x of imagePixels(p, id).data) { sum += x; n++ }
      const t = sum / n
      threshold.set(v.name, t)
      for (const id of slices) addMask(p, id, Uint8Array.from(imagePixels(p, id).data, (x) => (x > t ? 1 : 0)))
    }
    return threshold
  }

  it('writes label volumes that the project decoder reads back slice for slice', async () => {
    const p = setup()
    await volumeProject(p)
    const out = join(root, 'nifti')
    const r = runExport(p, { format: 'nifti', out, split: 'all', force: false })
    expect(r.files).toBe(2)
    expect(readdirSync(out).sort()).toEqual(['anatomical.nii.gz', 'reoriented_anat_moved.nii.gz'])
    for (const f of ['anatomical', 'reoriented_anat_moved']) {
      const vol = p.db.prepare('SELECT id FROM volumes WHERE name = ?').pluck().get(`${f}.nii`) as number
      const slices = p.db.prepare('SELECT current_mask_id FROM images WHERE volume_id = ? ORDER BY slice_index').pluck().all(vol) as number[]
      const back = decodeFileSync(join(out, `${f}.nii.gz`))
      expect(back.planes).toHaveLength(slices.length)
      back.planes.forEach((plane, s) => expect(Array.from(plane.pixels)).toEqual(Array.from(p.repos.masks.get(slices[s])!.labels)))
    }
  })

  nibabelIt('lines up voxel for voxel with the ORIGINAL file in nibabel, with the same affine', async () => {
    const p = setup()
    const thresholds = await volumeProject(p)
    const out = join(root, 'nifti')
    runExport(p, { format: 'nifti', out, split: 'all', force: false })
    const nn = join(root, 'nn')
    runExport(p, { format: 'nnunet', out: nn, split: 'all', force: false })
    for (const f of ['anatomical', 'reoriented_anat_moved']) {
      const t = thresholds.get(`${f}.nii`)!
      const got = python(`
import nibabel as nib, numpy as np, json
src = nib.load('${NIBABEL_DATA}/${f}.nii'); lab = nib.load('${out}/${f}.nii.gz'); img = nib.load('${nn}/imagesTr/${f}_0000.nii.gz')
s = np.asarray(src.dataobj).astype(np.float64); l = np.asarray(lab.dataobj)
print(json.dumps({'shape': [list(src.shape), list(lab.shape), list(img.shape)],
  'affine': bool(np.allclose(src.affine, lab.affine, atol=1e-4)), 'imgAffine': bool(np.allclose(src.affine, img.affine, atol=1e-4)),
  'codes': [''.join(nib.aff2axcodes(src.affine)), ''.join(nib.aff2axcodes(lab.affine))],
  'labelsMatch': bool(np.array_equal(l > 0, s > ${t})), 'foreground': int((l > 0).sum()),
  'imageMatch': bool(np.allclose(np.asarray(img.dataobj), s))}))`)
      expect(got.shape[1]).toEqual(got.shape[0])
      expect(got.shape[2]).toEqual(got.shape[0])
      expect(got.affine).toBe(true)
      expect(got.imgAffine).toBe(true)
      expect(got.codes[1]).toBe(got.codes[0])
      expect(got.foreground).toBeGreaterThan(0)
      expect(got.labelsMatch).toBe(true)
      expect(got.imageMatch).toBe(true)
    }
  })
})
