// `radlab export` and the app's export:run: one entry point, one module per format under export/.
import type { Project } from './project'
import { RadlabError } from '../../shared/errors'
import { prepareOutDir } from './export/out-dir'
import { requireRunForExport, type ExportSplit } from './export/cases'
import { exportPng } from './export/png'
import { exportNifti } from './export/nifti'
import { exportNnunet } from './export/nnunet'
import { exportModel } from './export/model'
import { exportDicomSeg } from './export/dicom-seg'

export const EXPORT_FORMATS = ['nnunet', 'png', 'nifti', 'dicom-seg', 'model'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportOptions {
  format: ExportFormat
  out: string
  split: ExportSplit
  force: boolean
  /** 'model': the run whose checkpoint is exported. Other formats: export this run's predictions instead of the ground truth. */
  runId?: string
}

export interface ExportResult { out: string; files: number; warnings: string[] }

export function runExport(project: Project, opts: ExportOptions): ExportResult {
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) throw new RadlabError('invalid_input', `unknown export format ${opts.format}; use one of ${EXPORT_FORMATS.join(', ')}`)
  if (opts.format === 'model' && !opts.runId) throw new RadlabError('invalid_input', 'exporting a model needs a run (--run <id>)')
  const run = opts.format === 'model' ? null : requireRunForExport(project, opts.runId, 'segmentation')
  const runId = opts.format === 'model' ? opts.runId! : (run?.id ?? null)
  const out = prepareOutDir(opts.out, opts.force)
  const r = (() => {
    switch (opts.format) {
      case 'png': return exportPng(project, out, opts.split, runId)
      case 'nifti': return exportNifti(project, out, opts.split, runId)
      case 'nnunet': return exportNnunet(project, out, opts.split, runId)
      case 'dicom-seg': return exportDicomSeg(project, out, opts.split, runId)
      case 'model': return exportModel(project, out, runId)
    }
  })()
  return { out, files: r.files, warnings: r.warnings }
}
