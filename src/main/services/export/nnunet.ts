// nnU-Net v2 / Medical Segmentation Decathlon layout, so a cluster can take over training:
//   imagesTr/<case>_0000.nii.gz  labelsTr/<case>.nii.gz   (train, val and unsplit cases with masks)
//   imagesTs/<case>_0000.nii.gz  [labelsTs/<case>.nii.gz] (the test split)
//   dataset.json, splits_final.json (5 folds, patients never split), radlab_cases.json (case → RadLab names)
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RadlabError } from '../../../shared/errors'
import type { Project } from '../project'
import { caseLabels, collectCases, type ExportSplit } from './cases'
import { groupedFolds } from './folds'
import { caseGeometry, caseImageNifti, caseLabelNifti } from './nifti-case'

export const NNUNET_FILE_ENDING = '.nii.gz'

export function exportNnunet(project: Project, dir: string, split: ExportSplit, runId: string | null): { files: number; warnings: string[] } {
  const maskClasses = project.repos.classes.list().filter((c) => c.kind === 'mask')
  if (maskClasses.length === 0) throw new RadlabError('invalid_input', 'nnU-Net export needs segmentation masks, and this project has no mask classes')
  const cases = collectCases(project, split)
  const warnings: string[] = []
  const training: { id: string; group: string }[] = []
  const mapping: Record<string, { name: string; split: string | null; imageIds: number[] }> = {}
  let files = 0
  let unlabelled = 0
  for (const d of ['imagesTr', 'labelsTr', 'imagesTs']) mkdirSync(join(dir, d), { recursive: true })
  for (const c of cases) {
    const labels = caseLabels(project, c, runId)
    const have = labels.filter((l) => l !== null).length
    const test = c.split === 'test'
    if (!test && have === 0) { unlabelled++; continue }
    if (have > 0 && have < labels.length) warnings.push(`${c.name}: ${labels.length - have} of ${labels.length} slices have no mask and are labelled background`)
    const g = caseGeometry(project, c)
    writeFileSync(join(dir, test ? 'imagesTs' : 'imagesTr', `${c.stem}_0000${NNUNET_FILE_ENDING}`), caseImageNifti(project, c, g))
    files++
    if (have > 0) {
      const labelDir = join(dir, test ? 'labelsTs' : 'labelsTr')
      mkdirSync(labelDir, { recursive: true })
      writeFileSync(join(labelDir, `${c.stem}${NNUNET_FILE_ENDING}`), caseLabelNifti(c, labels, g))
      files++
    }
    if (!test) training.push({ id: c.stem, group: c.patientKey ?? `case:${c.stem}` })
    mapping[c.stem] = { name: c.name, split: c.split, imageIds: c.images.map((i) => i.id) }
  }
  if (files === 0) throw new RadlabError('invalid_input', `nothing to export: no images with masks in ${split === 'all' ? 'the project' : `the ${split} split`}`)
  if (unlabelled) warnings.push(`${unlabelled} training case(s) without any mask were left out`)
  const modality = cases.find((c) => c.modality)?.modality ?? null
  const labels: Record<string, number> = { background: 0 }
  for (const c of maskClasses) if (c.value !== null) labels[c.name] = c.value
  // nnU-Net v2 wants label values 0…K without gaps; RadLab keeps a class's value when another is deleted.
  const values = Object.values(labels).sort((a, b) => a - b)
  if (values.some((v, i) => v !== i)) warnings.push(`label values ${values.join(', ')} are not consecutive; nnU-Net v2 expects 0…${values.length - 1} and may refuse this dataset`)
  const dataset = {
    channel_names: { '0': modality === 'CT' ? 'CT' : (modality ?? 'image') },
    labels,
    numTraining: training.length,
    file_ending: NNUNET_FILE_ENDING,
    name: project.name,
    description: `Exported by RadLab from project ${project.name}${runId ? ` (labels: predictions of run ${runId})` : ''}`,
  }
  writeFileSync(join(dir, 'dataset.json'), JSON.stringify(dataset, null, 2))
  writeFileSync(join(dir, 'splits_final.json'), JSON.stringify(training.length ? groupedFolds(training, 5) : [], null, 2))
  writeFileSync(join(dir, 'radlab_cases.json'), JSON.stringify(mapping, null, 2))
  if (training.length && new Set(training.map((t) => t.group)).size < 5) warnings.push(`only ${new Set(training.map((t) => t.group)).size} patient group(s): fewer than 5 folds in splits_final.json`)
  return { files: files + 3, warnings }
}
