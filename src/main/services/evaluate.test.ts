import { afterEach, describe, expect, it } from 'vitest'
import { evaluateRun } from './evaluate'
import { addImage, addMask, addRun, addSegPrediction, labelsAt, newProject, range, tempDir } from './export/testing'
import type { Project } from './project'

let cleanup = () => {}
let project: Project | null = null
afterEach(() => { project?.close(); project = null; cleanup() })

function setup() {
  const t = tempDir()
  cleanup = t.cleanup
  project = newProject(t.dir)
  return project
}

describe('evaluateRun: segmentation', () => {
  it('returns exactly the Dice and IoU of hand-made masks, leaving out images without ground truth', () => {
    const p = setup()
    const run = addRun(p, 'r1')
    const n = 100
    // A: truth 0–19, prediction 10–29 → tp 10, fp 10, fn 10: Dice 0.5, IoU 1/3.
    const a = addImage(p, { name: 'a.png', width: 10, height: 10, split: 'test' })
    addMask(p, a, labelsAt(n, range(0, 20)))
    addSegPrediction(p, run, a, labelsAt(n, range(10, 30)))
    // B: perfect. C: everything missed.
    const b = addImage(p, { name: 'b.png', width: 10, height: 10, split: 'test' })
    addMask(p, b, labelsAt(n, range(40, 50)))
    addSegPrediction(p, run, b, labelsAt(n, range(40, 50)))
    const c = addImage(p, { name: 'c.png', width: 10, height: 10, split: 'test' })
    addMask(p, c, labelsAt(n, range(40, 50)))
    addSegPrediction(p, run, c, labelsAt(n, []))
    // D: no ground truth (left out, counted). E: another split (not counted).
    const d = addImage(p, { name: 'd.png', width: 10, height: 10, split: 'test' })
    addSegPrediction(p, run, d, labelsAt(n, range(0, 5)))
    const e = addImage(p, { name: 'e.png', width: 10, height: 10, split: 'train' })
    addMask(p, e, labelsAt(n, range(0, 5)))
    addSegPrediction(p, run, e, labelsAt(n, range(50, 55)))

    const r = evaluateRun(p, { runId: run, split: 'test' })
    expect(r.task).toBe('segmentation')
    if (r.task !== 'segmentation') return
    expect(r.images).toBe(3)
    expect(r.withoutGroundTruth).toBe(1)
    expect(r.perImage).toEqual([
      { imageId: a, name: 'a.png', dice: 0.5, iou: 1 / 3 },
      { imageId: b, name: 'b.png', dice: 1, iou: 1 },
      { imageId: c, name: 'c.png', dice: 0, iou: 0 },
    ])
    expect(r.meanDice).toBe(0.5)
    expect(r.meanIoU).toBeCloseTo(4 / 9, 12)
    const all = evaluateRun(p, { runId: run, split: 'all' })
    expect(all.images).toBe(4)
    if (all.task === 'segmentation') expect(all.perImage.find((x) => x.imageId === e)!.dice).toBe(0)
    // The threshold applies to the stored probabilities (230 foreground, 20 background).
    const high = evaluateRun(p, { runId: run, split: 'test', threshold: 0.95 })
    if (high.task === 'segmentation') expect(high.perImage.map((x) => x.dice)).toEqual([0, 0, 0])
  })

  it('refuses an unknown run and a threshold outside 0–1', () => {
    const p = setup()
    expect(() => evaluateRun(p, { runId: 'nope' })).toThrow(/run nope does not exist/)
    addRun(p, 'r1')
    expect(() => evaluateRun(p, { runId: 'r1', threshold: 2 })).toThrow(/threshold/)
  })
})

describe('evaluateRun: classification', () => {
  it('gives accuracy, AUC, sensitivity, specificity and the confusion matrix of known labels', () => {
    const p = setup()
    const run = addRun(p, 'c1', 'classification')
    const normal = p.repos.classes.ensure('image', 'NORMAL')
    const pneu = p.repos.classes.ensure('image', 'PNEUMONIA')
    const cases: [number | null, number][] = [[normal.id, 0.1], [normal.id, 0.6], [pneu.id, 0.8], [pneu.id, 0.4], [null, 0.9]]
    cases.forEach(([cls, prob], i) => {
      const id = addImage(p, { name: `x${i}.png`, width: 4, height: 4, split: 'test' })
      if (cls !== null) p.repos.labels.add({ imageId: id, classId: cls, flagged: false, author: 't', source: 'human', runId: null })
      p.repos.predictions.upsertProbs(run, id, [1 - prob, prob], 0)
    })
    const other = addImage(p, { name: 'train.png', width: 4, height: 4, split: 'train' })
    p.repos.labels.add({ imageId: other, classId: pneu.id, flagged: false, author: 't', source: 'human', runId: null })
    p.repos.predictions.upsertProbs(run, other, [0.99, 0.01], 0)

    const r = evaluateRun(p, { runId: run, split: 'test' })
    expect(r).toMatchObject({ task: 'classification', split: 'test', images: 4, withoutGroundTruth: 1, accuracy: 0.5, auc: 0.75, sensitivity: 0.5, specificity: 0.5, confusion: [[1, 1], [1, 1]], classes: ['NORMAL', 'PNEUMONIA'] })
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })
})
