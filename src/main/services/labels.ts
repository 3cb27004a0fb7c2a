// Image-level labels for triage: every change is a new row (author, time, source).
import type { ImageLabel } from '../../shared/domain'
import type { TriageQueue } from '../../shared/contract'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'

export function setLabel(project: Project, input: { imageId: number; classId: number | null; flagged?: boolean; author: string }): ImageLabel {
  return project.db.transaction(() => {
    const row = project.repos.images.row(input.imageId)
    if (!row) throw new RadlabError('not_found', `image ${input.imageId} does not exist`)
    if (input.classId !== null) {
      const cls = project.repos.classes.get(input.classId)
      if (!cls || cls.kind !== 'image') throw new RadlabError('invalid_input', `classId ${input.classId} is not an image class of this project`)
    }
    const flagged = input.flagged ?? (input.classId === row.label_class_id ? row.label_flagged === 1 : false)
    return project.repos.labels.add({ imageId: input.imageId, classId: input.classId, flagged, author: input.author, source: 'human', runId: null })
  })()
}

/** Undo of a triage step: re-applies the label that stood before `labelId` as a new row. */
export function undoLabel(project: Project, labelId: number, author: string): ImageLabel | null {
  const l = project.repos.labels.get(labelId)
  if (!l) throw new RadlabError('not_found', `label ${labelId} does not exist`)
  const before = project.db.prepare('SELECT class_id, flagged FROM image_labels WHERE image_id = ? AND id < ? ORDER BY id DESC LIMIT 1')
    .get(l.imageId, labelId) as { class_id: number | null; flagged: number } | undefined
  return project.db.transaction(() =>
    project.repos.labels.add({ imageId: l.imageId, classId: before?.class_id ?? null, flagged: before?.flagged === 1, author, source: 'human', runId: null }),
  )()
}

export function triageQueue(project: Project, queue: 'unlabelled' | 'flagged' | 'disagree' | 'all', runId?: string, offset = 0, limit = 5000): TriageQueue {
  const classes = project.repos.classes.list().filter((c) => c.kind === 'image')
  const probsByImage = new Map<number, number[]>()
  if (runId) {
    for (const p of project.repos.predictions.forRun(runId)) if (p.probs_json) probsByImage.set(p.image_id, JSON.parse(p.probs_json))
  }
  const rows = project.db.prepare('SELECT id, name, label_class_id, label_flagged FROM images ORDER BY coalesce(volume_id,0), coalesce(slice_index,0), id').all() as
    { id: number; name: string; label_class_id: number | null; label_flagged: number }[]
  const classIndex = new Map(classes.map((c, i) => [c.id, i]))
  const predicted = (probs: number[]) => (probs.length === 1 ? (probs[0] >= 0.5 ? 1 : 0) : probs.indexOf(Math.max(...probs)))
  const filtered = rows.filter((r) => {
    if (queue === 'unlabelled') return r.label_class_id === null
    if (queue === 'flagged') return r.label_flagged === 1
    if (queue === 'disagree') {
      const probs = probsByImage.get(r.id)
      if (!probs || r.label_class_id === null) return false
      return predicted(probs) !== classIndex.get(r.label_class_id)
    }
    return true
  })
  const counts: Record<string, number> = { unlabelled: 0, flagged: 0 }
  for (const c of classes) counts[c.name] = 0
  for (const r of rows) {
    if (r.label_class_id === null) counts.unlabelled++
    else {
      const c = classes.find((k) => k.id === r.label_class_id)
      if (c) counts[c.name]++
    }
    if (r.label_flagged === 1) counts.flagged++
  }
  return {
    total: filtered.length,
    counts,
    items: filtered.slice(offset, offset + limit).map((r) => {
      const probs = probsByImage.get(r.id)
      const modelProb = probs ? (probs.length === 1 ? probs[0] : Math.max(...probs)) : null
      return { imageId: r.id, name: r.name, classId: r.label_class_id, flagged: r.label_flagged === 1, modelProb }
    }),
  }
}
