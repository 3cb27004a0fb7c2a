// `radlab predict --out <dir>`: one label PNG per predicted image (named after the image), or one
// CSV of class probabilities for a classification run.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeLabelPng } from '../../imaging'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'
import { uniqueStems } from './export/names'
import { asBytes, maskClassValue, probToLabels } from './export/prediction-masks'
import { csvRow } from './export/csv'

export const PROBABILITIES_CSV = 'probabilities.csv'

/** Writes the run's predictions for `imageIds` into `outDir`; returns the number of files written. */
export function writePredictionFiles(project: Project, runId: string, imageIds: number[], outDir: string): number {
  const run = project.repos.runs.get(runId)
  if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
  const rows = imageIds
    .map((id) => ({ img: project.repos.images.row(id), pred: project.repos.predictions.get(runId, id) }))
    .filter((r): r is { img: NonNullable<typeof r.img>; pred: NonNullable<typeof r.pred> } => r.img !== null && r.pred !== null)
  mkdirSync(outDir, { recursive: true })
  if (run.task === 'classification') {
    const classes = project.repos.classes.list().filter((c) => c.kind === 'image').map((c) => c.name)
    const first = rows[0]?.pred.probs_json ? (JSON.parse(rows[0].pred.probs_json) as number[]) : []
    const names = first.length === 1 ? [`p(${classes[1] ?? 'positive'})`] : first.map((_, i) => classes[i] ?? `class ${i}`)
    const lines = [csvRow(['imageId', 'name', ...names, 'predicted'])]
    for (const { img, pred } of rows) {
      const probs = JSON.parse(pred.probs_json ?? '[]') as number[]
      const best = probs.length === 1 ? (probs[0] >= 0.5 ? 1 : 0) : probs.indexOf(Math.max(...probs))
      lines.push(csvRow([img.id, img.name, ...probs.map((p) => p.toFixed(6)), classes[best] ?? String(best)]))
    }
    writeFileSync(join(outDir, PROBABILITIES_CSV), lines.join('\n') + '\n')
    return 1
  }
  const value = maskClassValue(project)
  const stems = uniqueStems(rows.map((r) => r.img.name))
  let files = 0
  rows.forEach(({ img, pred }, i) => {
    if (!pred.prob) return
    const w = pred.width ?? img.width
    const h = pred.height ?? img.height
    writeFileSync(join(outDir, `${stems[i]}.png`), encodeLabelPng(probToLabels(asBytes(pred.prob), value), w, h))
    files++
  })
  return files
}
