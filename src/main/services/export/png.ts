// PNG export: one lossless label PNG per image that has a mask (grey level = class value),
// named after its image.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { encodeLabelPng } from '../../../imaging'
import { RadlabError } from '../../../shared/errors'
import type { Project } from '../project'
import { caseLabels, collectCases, type ExportSplit } from './cases'
import { uniqueStems } from './names'

export function exportPng(project: Project, dir: string, split: ExportSplit, runId: string | null): { files: number; warnings: string[] } {
  const items: { name: string; width: number; height: number; labels: Uint8Array }[] = []
  for (const c of collectCases(project, split)) {
    caseLabels(project, c, runId).forEach((labels, i) => {
      const img = c.images[i]
      if (labels) items.push({ name: img.name, width: img.width, height: img.height, labels })
    })
  }
  if (items.length === 0) throw new RadlabError('invalid_input', `no ${runId ? `predictions of run ${runId}` : 'masks'} in ${split === 'all' ? 'the project' : `the ${split} split`} to export`)
  const stems = uniqueStems(items.map((i) => i.name))
  items.forEach((it, i) => writeFileSync(join(dir, `${stems[i]}.png`), encodeLabelPng(it.labels, it.width, it.height)))
  return { files: items.length, warnings: [] }
}
