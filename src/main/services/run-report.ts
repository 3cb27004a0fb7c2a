// `radlab report`: one self-contained HTML file per run: config, per-epoch curves (inline SVG),
// metrics on a split, and the worst cases as inline PNG thumbnails with the prediction outlined
// over the image. No scripts, no external URLs: it can be mailed or archived as is.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { EpochMetrics, RunSummary } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'
import { evaluateRun, type EvalSplit, type Evaluation } from './evaluate'
import { classificationReview } from './review'
import { imageValues } from './export/cases'
import { asBytes, maskClassValue, probToLabels } from './export/prediction-masks'
import { escapeHtml, fmt, table } from './export/report-html'
import { lineChart, type Series } from './export/report-svg-chart'
import { overlayThumbnailPng } from './export/report-overlay-thumbnail'

export interface RunReportOptions { split?: EvalSplit; worst?: number }

const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9']

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
.sub{color:#5b6475}table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #dde2ea;padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f5f8;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid #dde2ea;background:#fff}
svg .t{font-size:13px;font-weight:600}svg .a{font-size:11px;fill:#5b6475}svg .g{stroke:#eef1f5}svg .ax{stroke:#8a93a3}
.cases{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #dde2ea;padding:6px;width:172px}figure img{display:block;image-rendering:pixelated}
figcaption{font-size:12px;word-break:break-all}.key span{display:inline-block;width:12px;height:3px;margin:0 4px 3px 10px}.big{font-size:20px;font-weight:600}`

function curveCharts(run: RunSummary): string {
  const epochs = run.epochs
  if (epochs.length === 0) return '<p class="sub">No per-epoch metrics were recorded for this run.</p>'
  const series = (keys: (keyof EpochMetrics)[]): Series[] => keys
    .map((k, i) => ({ name: String(k), color: COLORS[i % COLORS.length], points: epochs.filter((e) => typeof e[k] === 'number').map((e) => [e.epoch, e[k] as number] as [number, number]) }))
    .filter((s) => s.points.length > 0)
  const groups: [string, (keyof EpochMetrics)[]][] = [
    ['Loss', ['loss', 'valLoss']],
    [run.task === 'segmentation' ? 'Validation overlap' : 'Accuracy and AUC', run.task === 'segmentation' ? ['valDice', 'valIoU'] : ['accuracy', 'valAccuracy', 'auc']],
    ['Sensitivity / specificity', ['sensitivity', 'specificity']],
    ['Learning rate', ['lr']],
    ['Throughput (img/s)', ['imgPerSec']],
  ]
  return `<div class="charts">${groups.map(([title, keys]) => lineChart(title, series(keys))).join('')}</div>`
}

function metricsSection(e: Evaluation | null, error: string | null): string {
  if (!e) return `<p class="sub">No evaluation: ${escapeHtml(error ?? 'no predictions')}</p>`
  if (e.task === 'segmentation') {
    return `<p><span class="big">Dice ${fmt(e.meanDice)}</span> &nbsp; IoU ${fmt(e.meanIoU)} &nbsp; over ${e.images} image(s) of the ${escapeHtml(e.split)} split with ground truth
      (${e.withoutGroundTruth} without, left out; threshold ${e.threshold}).</p>`
  }
  const head = `<tr><th>actual \\ predicted</th>${e.classes.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`
  const rows = e.confusion.map((r, i) => `<tr><th>${escapeHtml(e.classes[i] ?? i)}</th>${r.map((n) => `<td>${n}</td>`).join('')}</tr>`).join('')
  return `<p><span class="big">Accuracy ${fmt(e.accuracy)}</span> &nbsp; AUC ${fmt(e.auc)} &nbsp; sensitivity ${fmt(e.sensitivity)} &nbsp; specificity ${fmt(e.specificity)}
    &nbsp; over ${e.images} labelled image(s) of the ${escapeHtml(e.split)} split (${e.withoutGroundTruth} unlabelled, left out).</p><table>${head}${rows}</table>`
}

/** Classification: the most confident wrong answers, with the stored thumbnails. */
function worstClassified(project: Project, runId: string, e: Evaluation, n: number): string {
  if (e.task !== 'classification') return ''
  const review = classificationReview(project, runId, e.threshold)
  const inSplit = new Set(project.repos.images.ids(e.split === 'all' ? undefined : { split: e.split }))
  // Confidence in the (wrong) predicted class: p for class 1 of a binary model, else the top probability.
  const wrong = review.items.filter((i) => i.disagrees && inSplit.has(i.imageId))
    .map((i) => ({ ...i, confidence: review.classes.length === 2 && i.predicted === 0 ? 1 - i.prob : i.prob }))
    .sort((a, b) => b.confidence - a.confidence || a.imageId - b.imageId).slice(0, n)
  if (wrong.length === 0) return ''
  const thumbs = new Map(project.repos.images.thumbnails(wrong.map((w) => w.imageId)).map((t) => [t.id, Buffer.from(t.png).toString('base64')]))
  const name = (k: number | null) => escapeHtml(k === null ? '-' : (review.classes[k] ?? k))
  const figures = wrong.map((w) => `<figure><img alt="${escapeHtml(w.name)}" src="data:image/png;base64,${thumbs.get(w.imageId) ?? ''}"><figcaption>${escapeHtml(w.name)}<br>
    actual ${name(w.actual)} · predicted ${name(w.predicted)} (${fmt(w.confidence, 3)})</figcaption></figure>`)
  return `<h2>Most confident mistakes</h2><div class="cases">${figures.join('')}</div>`
}

function worstCases(project: Project, runId: string, e: Evaluation | null, n: number): string {
  if (e?.task === 'classification') return worstClassified(project, runId, e, n)
  if (!e || e.task !== 'segmentation' || e.perImage.length === 0) return ''
  const value = maskClassValue(project)
  const worst = [...e.perImage].sort((a, b) => a.dice - b.dice || a.imageId - b.imageId).slice(0, n)
  const figures = worst.map((w) => {
    const img = project.repos.images.row(w.imageId)!
    const pred = project.repos.predictions.get(runId, w.imageId)
    const truth = img.current_mask_id !== null ? project.repos.masks.get(img.current_mask_id)!.labels : null
    const window = img.window_center !== null && img.window_width !== null ? { center: img.window_center, width: img.window_width } : null
    const predLabels = pred?.prob ? probToLabels(asBytes(pred.prob), value, e.threshold) : null
    const png = overlayThumbnailPng(Float32Array.from(imageValues(project, img)), img.width, img.height, window, truth, predLabels)
    return `<figure><img alt="${escapeHtml(img.name)}" src="data:image/png;base64,${png.toString('base64')}"><figcaption>${escapeHtml(img.name)}<br>Dice ${fmt(w.dice, 3)} · IoU ${fmt(w.iou, 3)}</figcaption></figure>`
  })
  return `<h2>Worst cases</h2><p class="key sub">Outlines: <span style="background:#00dc3c"></span>ground truth <span style="background:#ff2828"></span>prediction <span style="background:#ffdc00"></span>both</p><div class="cases">${figures.join('')}</div>`
}

/** `name value` pairs with numbers at 4 significant digits, for the overview table. */
function formatMetrics(m: Record<string, number> | null): string {
  if (!m) return '-'
  return Object.entries(m).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : Number(v.toPrecision(4))}`).join(' · ')
}

export function renderRunReport(project: Project, runId: string, opts: RunReportOptions = {}): string {
  const run = project.repos.runs.get(runId)
  if (!run) throw new RadlabError('not_found', `run ${runId} does not exist`)
  let evaluation: Evaluation | null = null
  let evalError: string | null = null
  try {
    evaluation = evaluateRun(project, { runId, split: opts.split ?? 'test' })
  } catch (e) {
    evalError = (e as Error).message
  }
  const checkpoints = project.repos.runs.checkpoints(runId)
  const overview: [string, unknown][] = [
    ['Run', `${run.name} (${run.id})`], ['Task', run.task], ['Status', run.status + (run.error ? `: ${run.error}` : '')],
    ['Imported from another tool', project.db.prepare('SELECT imported FROM runs WHERE id = ?').pluck().get(runId) ? 'yes' : 'no'],
    ['Backend', run.backend ?? '-'], ['Seed', run.seed], ['Data hash', run.dataHash ?? '-'],
    ['Created', run.createdAt], ['Started', run.startedAt ?? '-'], ['Finished', run.finishedAt ?? '-'],
    ['Epochs', run.epochs.length], ['Best epoch', formatMetrics(run.best)],
    ['Checkpoints', checkpoints.map((c) => `${c.kind}: epoch ${c.epoch}${c.metric_name ? ` ${c.metric_name} ${fmt(c.metric)}` : ''}`).join('; ') || '-'],
  ]
  const config = Object.entries(run.config).map(([k, v]) => [k, v] as [string, unknown])
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>RadLab run report: ${escapeHtml(run.name)}</title><style>${CSS}</style></head><body>
<h1>Run report: ${escapeHtml(run.name)}</h1><p class="sub">Project ${escapeHtml(project.name)} · generated ${escapeHtml(new Date().toISOString())} by RadLab</p>
<h2>Metrics (${escapeHtml(opts.split ?? 'test')} split)</h2>${metricsSection(evaluation, evalError)}
<h2>Training curves</h2>${curveCharts(run)}
${worstCases(project, runId, evaluation, opts.worst ?? 8)}
<h2>Run</h2>${table(overview)}
<h2>Configuration</h2>${config.length ? table(config) : '<p class="sub">none</p>'}
</body></html>
`
}

export function writeRunReport(project: Project, runId: string, out: string, opts: RunReportOptions = {}): { out: string; bytes: number } {
  const html = renderRunReport(project, runId, opts)
  const path = resolve(out)
  try {
    writeFileSync(path, html)
  } catch (e) {
    throw new RadlabError('read_only', `cannot write the report to ${path}: ${(e as Error).message}`)
  }
  return { out: path, bytes: Buffer.byteLength(html) }
}
