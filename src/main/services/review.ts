// Prediction review: per-image Dice/IoU against the current ground truth, worst-first queue,
// accept / reject / flag, uncertainty ranking and the classification confusion view.
import type { PredictionDetail, PredictionSummary, ClassificationReview } from '../../shared/views'
import type { MaskVersion } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import { decodeMaskRle } from '../../imaging/mask-rle'
import { confusionMatrix, rocAuc, rocCurve, binaryCounts, sensitivity, specificity } from '../../ml/metrics'
import type { Project } from './project'
import { saveMask } from './masks'

export const DEFAULT_THRESHOLD = 0.5

/** Dice and IoU of a uint8 probability map thresholded at t against a label map (any non-zero label = foreground). */
export function overlapScores(prob: Uint8Array, truth: Uint8Array, threshold: number): { dice: number; iou: number } {
  const cut = Math.round(threshold * 255)
  let tp = 0, fp = 0, fn = 0
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i] >= cut && prob[i] > 0
    const t = truth[i] !== 0
    if (p && t) tp++
    else if (p) fp++
    else if (t) fn++
  }
  if (tp + fp + fn === 0) return { dice: 1, iou: 1 }
  return { dice: (2 * tp) / (2 * tp + fp + fn), iou: tp / (tp + fp + fn) }
}

function requireRun(project: Project, runId: string) {
  const run = project.repos.runs.get(runId)
  if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
  return run
}

interface QueueRow {
  image_id: number; name: string; volume_id: number | null; uncertainty: number | null; review: string
  dice: number | null; iou: number | null; scored_mask_id: number | null; current_mask_id: number | null; has_prob: number
}

export function listPredictions(project: Project, runId: string, sort: 'worst' | 'uncertain' | 'name' = 'worst', threshold = DEFAULT_THRESHOLD): PredictionSummary[] {
  requireRun(project, runId)
  const rows = project.db.prepare(`SELECT p.image_id, i.name, i.volume_id, p.uncertainty, p.review, p.dice, p.iou, p.scored_mask_id,
      i.current_mask_id, p.prob IS NOT NULL AS has_prob
    FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ?`).all(runId) as QueueRow[]
  const isDefault = threshold === DEFAULT_THRESHOLD
  // Scores are cached at the default threshold against a mask version; recompute only what is stale.
  const stale = rows.filter((r) => r.has_prob && r.current_mask_id !== null && (!isDefault || r.scored_mask_id !== r.current_mask_id))
  if (stale.length) {
    const scores = scoreRows(project, runId, stale, threshold, isDefault)
    for (const r of stale) Object.assign(r, scores.get(r.image_id))
  }
  const out: PredictionSummary[] = rows.map((r) => {
    const scored = r.has_prob === 1 && r.current_mask_id !== null
    return {
      imageId: r.image_id, name: r.name, dice: scored ? r.dice : null, iou: scored ? r.iou : null, uncertainty: r.uncertainty,
      review: r.review as PredictionSummary['review'], hasGroundTruth: r.current_mask_id !== null, volumeId: r.volume_id,
    }
  })
  return sortPredictions(out, sort)
}

/** Dice/IoU of predictions against the images' current masks; cached when at the default threshold. */
function scoreRows(project: Project, runId: string, rows: { image_id: number; current_mask_id: number | null }[], threshold: number, cache: boolean) {
  const blobs = project.db.prepare('SELECT p.prob, m.data AS mask FROM predictions p JOIN mask_versions m ON m.id = ? WHERE p.run_id = ? AND p.image_id = ? AND p.prob IS NOT NULL')
  const save = project.db.prepare('UPDATE predictions SET dice = ?, iou = ?, scored_mask_id = ? WHERE run_id = ? AND image_id = ?')
  const out = new Map<number, { dice: number; iou: number }>()
  project.db.transaction(() => {
    for (const r of rows) {
      if (r.current_mask_id === null) continue
      const b = blobs.get(r.current_mask_id, runId, r.image_id) as { prob: Buffer; mask: Buffer } | undefined
      if (!b) continue
      const s = overlapScores(b.prob, decodeMaskRle(b.mask).labels, threshold)
      out.set(r.image_id, s)
      if (cache) save.run(s.dice, s.iou, r.current_mask_id, runId, r.image_id)
    }
  })()
  return out
}

/** Scores new predictions as they arrive, so the first worst-first listing is already fast. */
export function scoreNewPredictions(project: Project, runId: string, imageIds: number[]): void {
  if (imageIds.length === 0) return
  const rows = project.db.prepare(`SELECT id AS image_id, current_mask_id FROM images WHERE id IN (${imageIds.map(() => '?').join(',')})`).all(...imageIds) as { image_id: number; current_mask_id: number | null }[]
  scoreRows(project, runId, rows, DEFAULT_THRESHOLD, true)
}

export function sortPredictions(items: PredictionSummary[], sort: 'worst' | 'uncertain' | 'name'): PredictionSummary[] {
  if (sort === 'name') return items.sort((a, b) => a.name.localeCompare(b.name))
  if (sort === 'uncertain') return items.sort((a, b) => (b.uncertainty ?? -1) - (a.uncertainty ?? -1) || a.imageId - b.imageId)
  // Worst Dice first; images without ground truth go last.
  return items.sort((a, b) => (a.dice ?? 2) - (b.dice ?? 2) || a.imageId - b.imageId)
}

export function predictionDetail(project: Project, runId: string, imageId: number, threshold = DEFAULT_THRESHOLD): PredictionDetail {
  requireRun(project, runId)
  const p = project.repos.predictions.get(runId, imageId)
  const img = project.repos.images.row(imageId)
  if (!p || !img) throw new RadlabError('not_found', `run ${runId} has no prediction for image ${imageId}`)
  const truth = img.current_mask_id ? project.repos.masks.get(img.current_mask_id)!.labels : null
  const scores = p.prob && truth ? overlapScores(p.prob, truth, threshold) : null
  let volumeDice: number | null = null
  if (img.volume_id !== null && p.prob) volumeDice = volumeScore(project, runId, img.volume_id, threshold)
  return {
    imageId, name: img.name, dice: scores?.dice ?? null, iou: scores?.iou ?? null, uncertainty: p.uncertainty,
    review: p.review as PredictionDetail['review'], hasGroundTruth: truth !== null, volumeId: img.volume_id,
    width: p.width ?? img.width, height: p.height ?? img.height,
    prob: p.prob ? new Uint8Array(p.prob.buffer, p.prob.byteOffset, p.prob.byteLength) : null,
    probs: p.probs_json ? JSON.parse(p.probs_json) : null, volumeDice,
  }
}

/** Dice over every slice of a volume that has both a prediction and ground truth. */
function volumeScore(project: Project, runId: string, volumeId: number, threshold: number): number | null {
  const rows = project.db.prepare(`SELECT p.prob, m.data AS mask FROM predictions p JOIN images i ON i.id = p.image_id
    JOIN mask_versions m ON m.id = i.current_mask_id WHERE p.run_id = ? AND i.volume_id = ?`).all(runId, volumeId) as { prob: Buffer; mask: Buffer }[]
  if (rows.length === 0) return null
  const cut = Math.round(threshold * 255)
  let tp = 0, fp = 0, fn = 0
  for (const r of rows) {
    const truth = decodeMaskRle(r.mask).labels
    for (let i = 0; i < r.prob.length; i++) {
      const p = r.prob[i] >= cut && r.prob[i] > 0
      const t = truth[i] !== 0
      if (p && t) tp++
      else if (p) fp++
      else if (t) fn++
    }
  }
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn)
}

export function reviewPrediction(project: Project, runId: string, imageId: number, action: 'accept' | 'reject' | 'flag', author: string, threshold = DEFAULT_THRESHOLD): { review: string; maskVersion: MaskVersion | null } {
  const detail = predictionDetail(project, runId, imageId, threshold)
  const review = action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'flagged'
  let maskVersion: MaskVersion | null = null
  project.db.transaction(() => {
    if (action === 'accept') {
      if (!detail.prob) throw new RadlabError('invalid_input', 'only segmentation predictions can be accepted as masks')
      const cls = project.repos.classes.list().find((c) => c.kind === 'mask') ?? project.repos.classes.ensure('mask', 'lesion')
      const cut = Math.round(threshold * 255)
      const labels = new Uint8Array(detail.prob.length)
      for (let i = 0; i < labels.length; i++) labels[i] = detail.prob[i] >= cut && detail.prob[i] > 0 ? cls.value! : 0
      const img = project.repos.images.row(imageId)!
      maskVersion = saveMask(project, { imageId, parentId: img.current_mask_id, labels, author, source: 'accepted_prediction', runId })
      project.repos.images.setReviewStatus(imageId, 'draft')
    }
    project.repos.predictions.setReview(runId, imageId, review)
  })()
  return { review, maskVersion }
}

export function nextToAnnotate(project: Project, runId: string, limit = 50) {
  requireRun(project, runId)
  return project.db.prepare(`SELECT p.image_id AS imageId, i.name, p.uncertainty FROM predictions p JOIN images i ON i.id = p.image_id
    WHERE p.run_id = ? AND i.current_mask_id IS NULL AND i.label_class_id IS NULL AND p.uncertainty IS NOT NULL
    ORDER BY p.uncertainty DESC, p.image_id LIMIT ?`).all(runId, limit) as { imageId: number; name: string; uncertainty: number }[]
}

export function classificationReview(project: Project, runId: string, threshold = DEFAULT_THRESHOLD): ClassificationReview {
  const run = requireRun(project, runId)
  if (run.task !== 'classification') throw new RadlabError('invalid_input', `run ${runId} is a ${run.task} run`)
  const imageClasses = project.repos.classes.list().filter((c) => c.kind === 'image')
  const rows = project.db.prepare(`SELECT p.image_id, i.name, i.label_class_id, p.probs_json FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ? ORDER BY p.image_id`)
    .all(runId) as { image_id: number; name: string; label_class_id: number | null; probs_json: string }[]
  const first = rows[0] ? (JSON.parse(rows[0].probs_json) as number[]) : []
  const binary = first.length <= 2
  const classNames = imageClasses.map((c) => c.name)
  const k = binary ? 2 : Math.max(first.length, classNames.length)
  const items = rows.map((r) => {
    const probs = JSON.parse(r.probs_json) as number[]
    const positive = probs.length === 1 ? probs[0] : probs.length === 2 ? probs[1] : Math.max(...probs)
    const predicted = binary ? (positive >= threshold ? 1 : 0) : probs.indexOf(Math.max(...probs))
    const actual = r.label_class_id === null ? null : imageClasses.findIndex((c) => c.id === r.label_class_id)
    return { imageId: r.image_id, name: r.name, actual: actual !== null && actual >= 0 ? actual : null, predicted, prob: positive, disagrees: actual !== null && actual >= 0 && actual !== predicted }
  })
  const labelled = items.filter((i) => i.actual !== null)
  const confusion = confusionMatrix(labelled.map((i) => i.actual!), labelled.map((i) => i.predicted), k)
  const cells: ClassificationReview['cells'] = []
  for (let a = 0; a < k; a++) for (let p = 0; p < k; p++) {
    cells.push({ actual: a, predicted: p, imageIds: labelled.filter((i) => i.actual === a && i.predicted === p).map((i) => i.imageId) })
  }
  let auc: number | null = null, sens: number | null = null, spec: number | null = null
  let roc: ClassificationReview['roc'] = []
  if (binary && labelled.length) {
    const truth = labelled.map((i) => (i.actual === 1 ? 1 : 0))
    const scores = labelled.map((i) => i.prob)
    const hasBoth = truth.includes(0) && truth.includes(1)
    auc = hasBoth ? rocAuc(scores, truth) : null
    roc = hasBoth ? rocCurve(scores, truth).map((p) => ({ fpr: p.fpr, tpr: p.tpr, threshold: p.threshold })) : []
    const counts = binaryCounts(truth, labelled.map((i) => i.predicted))
    sens = sensitivity(counts)
    spec = specificity(counts)
  }
  const accuracy = labelled.length ? labelled.filter((i) => !i.disagrees).length / labelled.length : null
  return { classes: classNames.slice(0, k), threshold, confusion, cells, roc, auc, sensitivity: sens, specificity: spec, accuracy, items }
}
