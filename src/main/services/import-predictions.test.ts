import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeLabelPng, writeNiftiLabels } from '../../imaging'
import { evaluateRun } from './evaluate'
import { runExport } from './export'
import { importPredictions } from './import-predictions'
import { runImport } from './import'
import { imagePixels } from './images'
import { addImage, addMask, addRun, addSegPrediction, labelsAt, NIBABEL_DATA, newProject, range, tempDir } from './export/testing'
import { PROBABILITIES_CSV, writePredictionFiles } from './prediction-files'
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

describe('import-predictions', () => {
  it('round-trips PNG masks written by predict --out into a reviewable run; wrong sizes are listed, not imported', () => {
    const p = setup()
    const run = addRun(p, 'r1')
    const preds = new Map<number, Uint8Array>()
    for (let k = 0; k < 3; k++) {
      const id = addImage(p, { name: `scans/case${k}.png`, width: 10, height: 6, split: 'test' })
      addMask(p, id, labelsAt(60, range(0, 20)))
      const fg = labelsAt(60, range(k * 5, k * 5 + 20))
      addSegPrediction(p, run, id, fg)
      preds.set(id, fg)
    }
    const dir = join(root, 'masks')
    expect(writePredictionFiles(p, run, [...preds.keys()], dir)).toBe(3)
    // A mask of the wrong size and a file named after no image.
    writeFileSync(join(dir, 'case0.png'), encodeLabelPng(labelsAt(64, [1]), 8, 8))
    writeFileSync(join(dir, 'nobody.png'), encodeLabelPng(labelsAt(4, [1]), 2, 2))

    const r = importPredictions(p, dir, { name: 'nnU-Net fold 0' })
    expect(r.imported).toBe(2)
    expect(r.filesSeen).toBe(4)
    expect(r.sizeMismatches).toEqual([{ file: 'case0.png', reason: 'mask is 8×8 but image scans/case0.png is 10×6' }])
    expect(r.unmatched).toEqual(['nobody.png'])
    const imported = p.repos.runs.get(r.runId!)!
    expect(imported).toMatchObject({ name: 'nnU-Net fold 0', task: 'segmentation', status: 'done' })
    expect(p.db.prepare('SELECT imported FROM runs WHERE id = ?').pluck().get(r.runId)).toBe(1)
    for (const [id, fg] of preds) {
      const row = p.repos.predictions.get(r.runId!, id)
      if (p.repos.images.row(id)!.name.endsWith('case0.png')) { expect(row).toBeNull(); continue }
      expect(Array.from(row!.prob!)).toEqual(Array.from(fg, (v) => (v ? 255 : 0)))
    }
    // Reviewed and scored like RadLab's own predictions: same Dice as the original run.
    const a = evaluateRun(p, { runId: run, split: 'test' })
    const b = evaluateRun(p, { runId: r.runId!, split: 'test' })
    if (a.task === 'segmentation' && b.task === 'segmentation') {
      expect(b.perImage.map((x) => x.dice)).toEqual(a.perImage.filter((x) => !x.name.endsWith('case0.png')).map((x) => x.dice))
    }
  })

  it('takes back nnU-Net-style NIfTI outputs (1-slice volumes named by case) for 2D images', () => {
    const p = setup()
    const masks = new Map<number, Uint8Array>()
    for (let k = 0; k < 3; k++) {
      const id = addImage(p, { name: `set/img${k}.png`, width: 9, height: 7, split: 'train', patient: `p${k}` })
      const m = labelsAt(63, range(k * 3, k * 3 + 25))
      addMask(p, id, m)
      masks.set(id, m)
    }
    const nn = join(root, 'nn')
    runExport(p, { format: 'nnunet', out: nn, split: 'all', force: false })
    // As if nnU-Net had predicted exactly the ground truth: its outputs are named <case>.nii.gz.
    const r = importPredictions(p, join(nn, 'labelsTr'), { name: 'nnU-Net' })
    expect(r.imported).toBe(3)
    for (const [id, m] of masks) expect(Array.from(p.repos.predictions.get(r.runId!, id)!.prob!)).toEqual(Array.from(m, (v) => (v ? 255 : 0)))
    // The inputs (with the _0000 channel suffix) match their images too.
    expect(importPredictions(p, join(nn, 'imagesTr'), { name: 'inputs' }).unmatched).toEqual([])
  })

  it('creates no run when nothing matches, and refuses a missing folder', () => {
    const p = setup()
    addImage(p, { name: 'a.png', width: 4, height: 4 })
    const dir = join(root, 'empty')
    mkdirSync(dir)
    writeFileSync(join(dir, 'zzz.png'), encodeLabelPng(labelsAt(16, [1]), 4, 4))
    const r = importPredictions(p, dir, { name: 'x' })
    expect(r).toMatchObject({ runId: null, imported: 0, unmatched: ['zzz.png'] })
    expect(p.repos.runs.list()).toHaveLength(0)
    expect(() => importPredictions(p, join(root, 'missing'), { name: 'x' })).toThrow(/is not a folder of masks/)
  })

  it.skipIf(!existsSync(join(NIBABEL_DATA, 'anatomical.nii')))('round-trips a NIfTI label volume on the source grid (nibabel test data)', async () => {
    const p = setup()
    await runImport(p, { paths: [join(NIBABEL_DATA, 'anatomical.nii')], layout: 'nifti', split: 'test' })
    const slices = p.db.prepare('SELECT id FROM images ORDER BY slice_index').pluck().all() as number[]
    const run = addRun(p, 'r1')
    const expected = new Map<number, Uint8Array>()
    for (const id of slices) {
      const fg = Uint8Array.from(imagePixels(p, id).data, (x) => (x > 60 ? 1 : 0))
      addSegPrediction(p, run, id, fg)
      expected.set(id, fg)
    }
    const out = join(root, 'nifti')
    runExport(p, { format: 'nifti', out, split: 'all', force: false, runId: run })
    // Also a label volume with one slice too few: listed as a size mismatch.
    const dir = join(root, 'other-tool')
    mkdirSync(dir)
    writeFileSync(join(dir, 'anatomical.nii.gz'), readFileSync(join(out, 'anatomical.nii.gz')))
    const r = importPredictions(p, dir, { name: 'from NIfTI' })
    expect(r.imported).toBe(slices.length)
    for (const [id, fg] of expected) expect(Array.from(p.repos.predictions.get(r.runId!, id)!.prob!)).toEqual(Array.from(fg, (v) => (v ? 255 : 0)))

    const bad = join(root, 'bad')
    mkdirSync(bad)
    writeNiftiLabels(join(bad, 'anatomical.nii'), { labels: new Uint8Array(33 * 41 * 24), dims: [33, 41, 24], affine: [[-2, 0, 0, 32], [0, 2, 0, -40], [0, 0, 2, -16], [0, 0, 0, 1]] })
    const r2 = importPredictions(p, bad, { name: 'bad' })
    expect(r2.imported).toBe(0)
    expect(r2.sizeMismatches[0].reason).toMatch(/mask is 33×41×24 but volume anatomical.nii is 33×41×25/)
  })
})

describe('writePredictionFiles', () => {
  it('writes a CSV of class probabilities for a classification run', () => {
    const p = setup()
    p.repos.classes.ensure('image', 'NORMAL')
    p.repos.classes.ensure('image', 'PNEUMONIA')
    const run = addRun(p, 'c1', 'classification')
    const a = addImage(p, { name: 'a, b.png', width: 4, height: 4 })
    const b = addImage(p, { name: 'c.png', width: 4, height: 4 })
    p.repos.predictions.upsertProbs(run, a, [0.25, 0.75], 0)
    p.repos.predictions.upsertProbs(run, b, [0.9, 0.1], 0)
    const dir = join(root, 'csv')
    expect(writePredictionFiles(p, run, [a, b], dir)).toBe(1)
    expect(readFileSync(join(dir, PROBABILITIES_CSV), 'utf8')).toBe(
      `imageId,name,NORMAL,PNEUMONIA,predicted\n${a},"a, b.png",0.250000,0.750000,PNEUMONIA\n${b},c.png,0.900000,0.100000,NORMAL\n`)
  })
})
