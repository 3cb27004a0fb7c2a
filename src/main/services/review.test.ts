import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProject, type Project } from './project'
import { listPredictions, scoreNewPredictions, reviewPrediction } from './review'
import { saveMask } from './masks'

let dir: string
let project: Project
const W = 10
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-review-'))
  project = createProject(join(dir, 'p'))
})
afterEach(() => {
  project.close()
  rmSync(dir, { recursive: true, force: true })
})

function image(name: string): number {
  return project.repos.images.insert({ name, sourceKey: name, sourcePath: null, fileSha: null, frameIndex: null, format: 'png', modality: null, width: W, height: W, dtype: 'uint8', spacing: [1, 1], window: null, min: 0, max: 0, split: 'test', patientKey: null, studyKey: null, volumeId: null, sliceIndex: null, meta: {}, pixels: new Uint8Array(W * W), thumbnail: new Uint8Array(4) })
}
/** A mask with the first n pixels set. */
const first = (n: number) => { const m = new Uint8Array(W * W); m.fill(1, 0, n); return m }
const prob = (n: number) => { const p = new Uint8Array(W * W); p.fill(255, 0, n); return p }

describe('prediction review', () => {
  it('lists worst Dice first with hand-checked scores, and rescored when the ground truth changes', () => {
    project.repos.runs.insert({ id: 'r', name: 'r', task: 'segmentation', config: {}, seed: 1, dataHash: null, snapshot: null, status: 'done' })
    const a = image('a'), b = image('b'), c = image('c')
    project.repos.classes.ensure('mask', 'lesion')
    saveMask(project, { imageId: a, parentId: null, labels: first(10), author: 't' })
    saveMask(project, { imageId: b, parentId: null, labels: first(10), author: 't' })
    project.repos.predictions.upsertMask('r', a, W, W, prob(10), 0) // perfect: Dice 1
    project.repos.predictions.upsertMask('r', b, W, W, prob(30), 0) // tp 10, fp 20: Dice 20/40 = 0.5, IoU 1/3
    project.repos.predictions.upsertMask('r', c, W, W, prob(5), 0) // no ground truth
    scoreNewPredictions(project, 'r', [a, b, c])
    const list = listPredictions(project, 'r', 'worst')
    expect(list.map((p) => [p.name, p.dice, p.iou])).toEqual([['b', 0.5, 1 / 3], ['a', 1, 1], ['c', null, null]])
    // A corrected mask makes the cached score stale: the list recomputes it.
    const current = project.repos.images.row(a)!.current_mask_id
    saveMask(project, { imageId: a, parentId: current, labels: first(20), author: 't' })
    const again = listPredictions(project, 'r', 'worst')
    expect(again.find((p) => p.name === 'a')!.dice).toBeCloseTo((2 * 10) / (10 + 20))
    // Another threshold is computed on the fly and does not overwrite the cache.
    expect(listPredictions(project, 'r', 'worst', 0.99).find((p) => p.name === 'b')!.dice).toBe(0.5)
  })

  it('accepting a prediction makes a new mask version with the run as its source', () => {
    project.repos.runs.insert({ id: 'r', name: 'r', task: 'segmentation', config: {}, seed: 1, dataHash: null, snapshot: null, status: 'done' })
    const a = image('a')
    project.repos.predictions.upsertMask('r', a, W, W, prob(7), 0)
    const { maskVersion, review } = reviewPrediction(project, 'r', a, 'accept', 'Dr R')
    expect(review).toBe('accepted')
    expect(maskVersion).toMatchObject({ source: 'accepted_prediction', runId: 'r', author: 'Dr R', area: 7 })
    expect(project.repos.images.row(a)!.review_status).toBe('draft')
  })
})
