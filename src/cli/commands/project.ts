import type { Command } from 'commander'
import { createProject, openProject } from '../../main/services/project'
import { runImport } from '../../main/services/import'
import { inspectFile } from '../../imaging'
import { fail, printJson, progressBar } from '../output'
import type { ImportSummary } from '../../shared/import-types'

export function registerProjectCommands(program: Command) {
  program.command('init <dir>')
    .description('create a new project folder')
    .option('--name <name>', 'project name (default: the folder name)')
    .action((dir: string, o: { name?: string }) => {
      const p = createProject(dir, o.name)
      console.log(`created project "${p.name}" in ${p.dir}`)
      p.close()
    })

  program.command('import <project> <paths...>')
    .description('import images, volumes, masks and labels into a project')
    .option('--split <split>', 'train | val | test (when the layout does not say)')
    .option('--layout <layout>', 'auto | classes | pairs | plain | dicom | nifti | idx', 'auto')
    .option('--masks <path>', 'label volume or mask folder for the images')
    .option('--classes <names>', 'class names for IDX labels, comma separated (label 0 first)')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, paths: string[], o: { split?: string; layout?: string; masks?: string; classes?: string; json?: boolean }) => {
      if (o.split && !['train', 'val', 'test'].includes(o.split)) fail(new Error(`--split must be train, val or test (got ${o.split})`))
      const layouts = ['auto', 'classes', 'pairs', 'plain', 'dicom', 'nifti', 'idx']
      if (o.layout && !layouts.includes(o.layout)) fail(new Error(`--layout must be one of ${layouts.join(', ')} (got ${o.layout})`))
      const project = openProject(dir)
      const bar = progressBar(!o.json)
      try {
        const summary = await runImport(project, {
          paths, split: o.split as 'train' | undefined, layout: o.layout as 'auto', masks: o.masks,
          classes: o.classes?.split(',').map((s) => s.trim()),
        }, (p) => bar.update(p.done, p.total, p.current))
        bar.stop()
        if (o.json) printJson(summary)
        else printSummary(summary)
        if (summary.stoppedEarly) process.exitCode = 1
      } finally {
        bar.stop()
        project.close()
      }
    })

  program.command('info <project>')
    .description('counts of images, masks, splits and classes')
    .option('--json', 'print JSON')
    .action((dir: string, o: { json?: boolean }) => {
      const project = openProject(dir)
      const stats = project.repos.images.stats()
      project.close()
      if (o.json) printJson(stats)
      else {
        console.log(`images: ${stats.images}   masks: ${stats.masks}`)
        console.log(`by split: ${Object.entries(stats.bySplit).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`)
        console.log(`by class: ${Object.entries(stats.byClass).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`)
      }
    })

  program.command('inspect <file>')
    .description('what the decoder reads from one file')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const info = await inspectFile(file)
      if (o.json) printJson(info)
      else for (const [k, v] of Object.entries(info)) console.log(`${k}: ${JSON.stringify(v)}`)
    })
}

export function printSummary(s: ImportSummary) {
  const lines = [
    `layout: ${s.layout}   files: ${s.filesSeen}   images added: ${s.imagesAdded}   already in project: ${s.imagesSkippedExisting}   (${s.seconds.toFixed(1)} s)`,
    `by split: ${Object.entries(s.bySplit).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `by class: ${Object.entries(s.byClass).map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`,
    `masks paired: ${s.masksPaired}   images without masks: ${s.imagesWithoutMasks}   masks without images: ${s.masksWithoutImages.length}   empty masks: ${s.emptyMasks}`,
  ]
  if (s.duplicates.length) lines.push(`duplicates (imported once): ${s.duplicates.length}`)
  for (const m of s.sizeMismatches) lines.push(`size mismatch: ${m.file}: ${m.reason}`)
  for (const m of s.masksWithoutImages) lines.push(`mask without image: ${m}`)
  for (const u of s.unreadable) lines.push(`could not read ${u.file}: ${u.reason}`)
  for (const w of s.warnings) lines.push(`warning: ${w}`)
  if (s.stoppedEarly) lines.push(`STOPPED: ${s.stoppedEarly}`)
  console.log(lines.join('\n'))
}
