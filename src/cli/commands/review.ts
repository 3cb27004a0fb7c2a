// Review-side commands: evaluate a run, export data / masks / the model, bring in predictions
// made elsewhere, and write a run report. Errors are thrown; main.ts prints them as one line.
import type { Command } from 'commander'
import { openProject, type Project } from '../../main/services/project'
import { evaluateRun, type EvalSplit, type Evaluation } from '../../main/services/evaluate'
import { EXPORT_FORMATS, runExport, type ExportFormat } from '../../main/services/export'
import { importPredictions } from '../../main/services/import-predictions'
import { writeRunReport } from '../../main/services/run-report'
import { printJson } from '../output'

const SPLITS = ['train', 'val', 'test', 'all']

function checkSplit(split: string): EvalSplit {
  if (!SPLITS.includes(split)) throw new Error(`--split must be one of ${SPLITS.join(', ')} (got ${split})`)
  return split as EvalSplit
}

function withProject<T>(dir: string, fn: (p: Project) => T | Promise<T>): Promise<T> {
  const project = openProject(dir)
  return Promise.resolve().then(() => fn(project)).finally(() => project.close())
}

const fmt = (x: number | null, digits = 4) => (x === null ? '-' : x.toFixed(digits))

function printEvaluation(e: Evaluation) {
  if (e.task === 'segmentation') {
    console.log(`run ${e.runId} on ${e.split}: ${e.images} images with ground truth (${e.withoutGroundTruth} without, left out)`)
    console.log(`mean Dice ${fmt(e.meanDice)}   mean IoU ${fmt(e.meanIoU)}   (threshold ${e.threshold})`)
    const worst = [...e.perImage].sort((a, b) => a.dice - b.dice).slice(0, 5)
    for (const w of worst) console.log(`  ${w.name}: Dice ${fmt(w.dice)} IoU ${fmt(w.iou)}`)
  } else {
    console.log(`run ${e.runId} on ${e.split}: ${e.images} labelled images (${e.withoutGroundTruth} without a label, left out)`)
    console.log(`accuracy ${fmt(e.accuracy)}   AUC ${fmt(e.auc)}   sensitivity ${fmt(e.sensitivity)}   specificity ${fmt(e.specificity)}`)
    console.log(`confusion (rows: actual ${e.classes.join(', ')}; columns: predicted): ${JSON.stringify(e.confusion)}`)
  }
}

export function registerReviewCommands(program: Command) {
  program.command('evaluate <project>')
    .description("score a run's predictions against the ground truth of a split")
    .requiredOption('--run <id>', 'run id')
    .option('--split <split>', 'train | val | test | all', 'test')
    .option('--threshold <t>', 'probability threshold (0–1)', '0.5')
    .option('--json', 'print JSON')
    .action((dir: string, o: { run: string; split: string; threshold: string; json?: boolean }) => withProject(dir, (p) => {
      const threshold = Number(o.threshold)
      if (!Number.isFinite(threshold)) throw new Error(`--threshold must be a number (got ${o.threshold})`)
      const e = evaluateRun(p, { runId: o.run, split: checkSplit(o.split), threshold })
      if (o.json) printJson(e)
      else printEvaluation(e)
    }))

  program.command('export <project>')
    .description('export images and masks (nnU-Net, PNG, NIfTI, DICOM SEG) or a trained model')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' | '))
    .requiredOption('--out <dir>', 'output folder (must be new or empty unless --force)')
    .option('--split <split>', 'train | val | test | all', 'all')
    .option('--run <id>', 'run: the model to export (--format model), or whose predictions to export instead of the ground truth')
    .option('--force', 'write into a folder that is not empty')
    .option('--json', 'print JSON')
    .action((dir: string, o: { format: string; out: string; split: string; run?: string; force?: boolean; json?: boolean }) => withProject(dir, async (p) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')} (got ${o.format})`)
      const r = await runExport(p, { format: o.format as ExportFormat, out: o.out, split: checkSplit(o.split), force: Boolean(o.force), runId: o.run })
      if (o.json) printJson(r)
      else {
        console.log(`wrote ${r.files} files to ${r.out}`)
        for (const w of r.warnings ?? []) console.log(`warning: ${w}`)
      }
    }))

  program.command('import-predictions <project> <dir>')
    .description('bring masks made by another tool (PNG or NIfTI, named after the images) in as a run')
    .requiredOption('--name <label>', 'name of the new run')
    .option('--json', 'print JSON')
    .action((dir: string, src: string, o: { name: string; json?: boolean }) => withProject(dir, async (p) => {
      const r = await importPredictions(p, src, { name: o.name })
      if (o.json) printJson(r)
      else {
        console.log(`run ${r.runId} ("${o.name}"): ${r.imported} predictions imported from ${r.filesSeen} files`)
        for (const m of r.sizeMismatches) console.log(`size mismatch, not imported: ${m.file}: ${m.reason}`)
        for (const u of r.unmatched) console.log(`no image named like ${u}`)
        for (const u of r.unreadable) console.log(`could not read ${u.file}: ${u.reason}`)
      }
      if (r.imported === 0) process.exitCode = 1
    }))

  program.command('report <project>')
    .description('write a run report: one self-contained HTML file')
    .requiredOption('--run <id>', 'run id')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--split <split>', 'split whose predictions are scored', 'test')
    .option('--json', 'print JSON')
    .action((dir: string, o: { run: string; out: string; split: string; json?: boolean }) => withProject(dir, (p) => {
      const r = writeRunReport(p, o.run, o.out, { split: checkSplit(o.split) })
      if (o.json) printJson(r)
      else console.log(`wrote ${r.out} (${Math.round(r.bytes / 1024)} KiB)`)
    }))
}
