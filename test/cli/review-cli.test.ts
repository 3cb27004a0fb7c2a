// The review commands as a user runs them: `node bin/radlab.mjs …` in a child process, exit codes and JSON.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeLabelPng } from '../../src/imaging'
import { addImage, addMask, addRun, addSegPrediction, labelsAt, newProject, range, tempDir } from '../../src/main/services/export/testing'

const BIN = resolve(__dirname, '../../bin/radlab.mjs')
let root = ''
let projectDir = ''
let cleanup = () => {}

function radlab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()!) }
}

beforeAll(() => {
  const t = tempDir('radlab-review-cli-')
  root = t.dir
  cleanup = t.cleanup
  const p = newProject(root)
  projectDir = p.dir
  addRun(p, 'r1')
  // Known Dice: a 0.5, b 1.
  const a = addImage(p, { name: 'a.png', width: 10, height: 10, split: 'test', patient: 'p1' })
  addMask(p, a, labelsAt(100, range(0, 20)))
  addSegPrediction(p, 'r1', a, labelsAt(100, range(10, 30)))
  const b = addImage(p, { name: 'b.png', width: 10, height: 10, split: 'train', patient: 'p2' })
  addMask(p, b, labelsAt(100, range(40, 50)))
  addSegPrediction(p, 'r1', b, labelsAt(100, range(40, 50)))
  p.repos.runs.addEpoch('r1', { epoch: 1, loss: 0.5, valDice: 0.6, lr: 1e-3, imgPerSec: 10, seconds: 1 })
  p.close()
})
afterAll(() => cleanup())

describe('radlab evaluate', () => {
  it('prints the scores of a split as JSON', () => {
    const r = radlab('evaluate', projectDir, '--run', 'r1', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({ task: 'segmentation', split: 'test', images: 1, meanDice: 0.5, withoutGroundTruth: 0, perImage: [{ name: 'a.png', dice: 0.5 }] })
    const all = radlab('evaluate', projectDir, '--run', 'r1', '--split', 'all', '--json')
    expect(all.json()).toMatchObject({ images: 2, meanDice: 0.75 })
  })

  it('fails with one line and exit code 1 for an unknown run or split', () => {
    const r = radlab('evaluate', projectDir, '--run', 'nope', '--json')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('radlab: run nope does not exist\n')
    expect(radlab('evaluate', projectDir, '--run', 'r1', '--split', 'holdout').stderr).toMatch(/--split must be one of/)
  })
})

describe('radlab export', () => {
  it('writes an nnU-Net dataset, refuses a non-empty folder without --force', () => {
    const out = join(root, 'nnunet')
    const r = radlab('export', projectDir, '--format', 'nnunet', '--out', out, '--json')
    expect(r.code, r.stderr).toBe(0)
    // imagesTr + labelsTr (b), imagesTs + labelsTs (a), dataset.json, splits_final.json, radlab_cases.json
    expect(r.json()).toMatchObject({ out, files: 7 })
    expect(JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8')).numTraining).toBe(1)
    const again = radlab('export', projectDir, '--format', 'nnunet', '--out', out)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^radlab: .*nnunet is not empty .*--force/)
    expect(radlab('export', projectDir, '--format', 'nnunet', '--out', out, '--force').code).toBe(0)
    const bad = radlab('export', projectDir, '--format', 'zip', '--out', join(root, 'zip'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--format must be one of nnunet, png, nifti, dicom-seg, model/)
    expect(existsSync(join(root, 'zip'))).toBe(false)
  })
})

describe('radlab import-predictions and report', () => {
  it('imports masks as a run that evaluate scores, and writes a report', () => {
    const dir = join(root, 'elsewhere')
    mkdirSync(dir)
    writeFileSync(join(dir, 'a.png'), encodeLabelPng(labelsAt(100, range(0, 20)), 10, 10))
    writeFileSync(join(dir, 'b.png'), encodeLabelPng(labelsAt(16, [1]), 4, 4))
    const r = radlab('import-predictions', projectDir, dir, '--name', 'other tool', '--json')
    expect(r.code, r.stderr).toBe(0)
    const res = r.json()
    expect(res).toMatchObject({ imported: 1, sizeMismatches: [{ file: 'b.png' }] })
    const e = radlab('evaluate', projectDir, '--run', res.runId, '--json')
    expect(e.json()).toMatchObject({ images: 1, meanDice: 1 })

    const html = join(root, 'report.html')
    const rep = radlab('report', projectDir, '--run', 'r1', '--out', html, '--json')
    expect(rep.code, rep.stderr).toBe(0)
    expect(rep.json().out).toBe(html)
    expect(readFileSync(html, 'utf8')).toContain('data:image/png;base64,')
    const none = join(root, 'nothing')
    mkdirSync(none)
    expect(radlab('import-predictions', projectDir, none, '--name', 'x').code).toBe(1)
    expect(readdirSync(none)).toEqual([])
  })
})
