// `radlab evaluate`: a run's predictions scored against the current ground truth of one split.
// Per-image scores come from the review's overlapScores and classificationReview (one definition
// of Dice and of the confusion matrix for the app, the CLI and the report).
import { decodeMaskRle } from '../../imaging/mask-rle'
import { binaryCounts, confusionMatrix, rocAuc, sensitivity, specificity } from '../../ml/metrics'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'
import { classificationReview, DEFAULT_THRESHOLD, overlapScores } from './review'

export type EvalSplit = 'train' | 'val' | 'test' | 'all'

export interface EvaluateOptions {
  runId: string
  split?: EvalSplit
  threshold?: number
}

export interface SegmentationEvaluation {
  task: 'segmentation'
  runId: string
  split: EvalSplit
  threshold: number
  images: number
  meanDice: number | null
  meanIoU: number | null
  perImage: { imageId: number; name: string; dice: number; iou: number }[]
  withoutGroundTruth: number
}

export interface ClassificationEvaluation {
  task: 'classification'
  runId: string
  split: EvalSplit
  threshold: number
  images: number
  classes: string[]
  accuracy: number | null
  auc: number | null
  sensitivity: number | null
  specificity: number | null
  confusion: number[][]
  withoutGroundTruth: number
}

export type Evaluation = SegmentationEvaluation | ClassificationEvaluation

/** NaN (a rate with an empty denominator) becomes null, which JSON can carry. */
const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x)

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)

function splitFilter(split: EvalSplit): { sql: string; params: unknown[] } {
  return split === 'all' ? { sql: '', params: [] } : { sql: 'AND i.split = ?', params: [split] }
}

export function evaluateRun(project: Project, opts: EvaluateOptions): Evaluation {
  const run = project.repos.runs.get(opts.runId)
  if (!run) throw new RadlabError('not_found', `run ${opts.runId} does not exist`)
  const split = opts.split ?? 'test'
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD
  if (!(threshold >= 0 && threshold <= 1)) throw new RadlabError('invalid_input', `threshold must be between 0 and 1 (got ${threshold})`)
  return run.task === 'segmentation' ? evaluateSegmentation(project, run.id, split, threshold) : evaluateClassification(project, run.id, split, threshold)
}

function evaluateSegmentation(project: Project, runId: string, split: EvalSplit, threshold: number): SegmentationEvaluation {
  const f = splitFilter(split)
  const rows = project.db.prepare(`SELECT p.image_id, i.name, p.prob, m.data AS mask FROM predictions p JOIN images i ON i.id = p.image_id
    LEFT JOIN mask_versions m ON m.id = i.current_mask_id WHERE p.run_id = ? ${f.sql} ORDER BY coalesce(i.volume_id, 0), coalesce(i.slice_index, 0), i.id`)
    .all(runId, ...f.params) as { image_id: number; name: string; prob: Buffer | null; mask: Buffer | null }[]
  const perImage: SegmentationEvaluation['perImage'] = []
  let withoutGroundTruth = 0
  for (const r of rows) {
    if (!r.prob || !r.mask) { withoutGroundTruth++; continue }
    const truth = decodeMaskRle(r.mask).labels
    if (truth.length !== r.prob.length) {
      throw new RadlabError('invalid_input', `prediction for ${r.name} has ${r.prob.length} pixels but its mask has ${truth.length}`)
    }
    const s = overlapScores(r.prob, truth, threshold)
    perImage.push({ imageId: r.image_id, name: r.name, dice: s.dice, iou: s.iou })
  }
  return {
    task: 'segmentation', runId, split, threshold, images: perImage.length,
    meanDice: mean(perImage.map((p) => p.dice)), meanIoU: mean(perImage.map((p) => p.iou)), perImage, withoutGroundTruth,
  }
}

function evaluateClassification(project: Project, runId: string, split: EvalSplit, threshold: number): ClassificationEvaluation {
  const review = classificationReview(project, runId, threshold)
  const f = splitFilter(split)
  const inSplit = new Set(project.db.prepare(`SELECT p.image_id FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ? ${f.sql}`)
    .pluck().all(runId, ...f.params) as number[])
  const items = review.items.filter((i) => inSplit.has(i.imageId))
  const labelled = items.filter((i) => i.actual !== null)
  const k = Math.max(2, review.confusion.length)
  const truth = labelled.map((i) => i.actual!)
  const pred = labelled.map((i) => i.predicted)
  const confusion = confusionMatrix(truth, pred, k)
  let auc: number | null = null, sens: number | null = null, spec: number | null = null
  if (k === 2 && labelled.length) {
    const t01 = truth.map((t) => (t === 1 ? 1 : 0))
    auc = finite(rocAuc(labelled.map((i) => i.prob), t01))
    const c = binaryCounts(t01, pred)
    sens = finite(sensitivity(c))
    spec = finite(specificity(c))
  }
  return {
    task: 'classification', runId, split, threshold, images: labelled.length, classes: review.classes,
    accuracy: labelled.length ? labelled.filter((i) => i.actual === i.predicted).length / labelled.length : null,
    auc, sensitivity: sens, specificity: spec, confusion, withoutGroundTruth: items.length - labelled.length,
  }
}
