// NIfTI export: one uint8 label volume per case that has masks: volumes on their source grid with
// the source's affine, 2D images as one-slice volumes (see nifti-case.ts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RadlabError } from '../../../shared/errors'
import type { Project } from '../project'
import { caseLabels, collectCases, type ExportSplit } from './cases'
import { caseGeometry, caseLabelNifti } from './nifti-case'

export function exportNifti(project: Project, dir: string, split: ExportSplit, runId: string | null): { files: number; warnings: string[] } {
  let files = 0
  const warnings: string[] = []
  for (const c of collectCases(project, split)) {
    const labels = caseLabels(project, c, runId)
    const have = labels.filter((l) => l !== null).length
    if (have === 0) continue
    if (have < labels.length) warnings.push(`${c.name}: ${labels.length - have} of ${labels.length} slices have no mask and are written as background`)
    writeFileSync(join(dir, `${c.stem}.nii.gz`), caseLabelNifti(c, labels, caseGeometry(project, c)))
    files++
  }
  if (files === 0) throw new RadlabError('invalid_input', `no ${runId ? `predictions of run ${runId}` : 'masks'} in ${split === 'all' ? 'the project' : `the ${split} split`} to export`)
  return { files, warnings }
}
