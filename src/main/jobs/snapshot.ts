// Builds the fixed data snapshot a run trains on (image ids + mask versions / labels), and
// refuses data that cannot train before any process is started.
import { createHash } from 'node:crypto'
import type { Task } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import type { SnapshotItem, TrainSnapshot, SnapshotClass } from '../../shared/trainer-protocol'
import { splitByPatient } from '../../ml/data/split'
import type { Project } from '../services/project'

interface Row { id: number; split: string | null; patient_key: string | null; current_mask_id: number | null; label_class_id: number | null }

export function buildSnapshot(project: Project, task: Task): TrainSnapshot {
  const rows = project.db.prepare('SELECT id, split, patient_key, current_mask_id, label_class_id FROM images ORDER BY id').all() as Row[]
  let classes: SnapshotClass[]
  let usable: (SnapshotItem & { split: string | null })[]
  if (task === 'segmentation') {
    classes = project.repos.classes.list().filter((c) => c.kind === 'mask').map((c) => ({ id: c.id, name: c.name, value: c.value }))
    usable = rows.filter((r) => r.current_mask_id !== null && r.split !== 'test')
      .map((r) => ({ imageId: r.id, maskVersionId: r.current_mask_id!, patientKey: r.patient_key ?? undefined, split: r.split }))
    if (usable.length === 0) throw new RadlabError('training', 'no image outside the test split has a mask: paint or import masks before training a segmentation model')
    const withForeground = project.db.prepare('SELECT count(*) FROM images WHERE current_mask_id IS NOT NULL AND mask_area > 0').pluck().get() as number
    if (withForeground === 0) throw new RadlabError('training', 'every mask is empty: there is nothing for a segmentation model to learn')
    if (usable.length < 2) throw new RadlabError('training', `only ${usable.length} masked image: at least 2 are needed (one to train, one to validate)`)
  } else {
    const imageClasses = project.repos.classes.list().filter((c) => c.kind === 'image')
    const used = new Set(rows.map((r) => r.label_class_id).filter((c): c is number => c !== null))
    classes = imageClasses.filter((c) => used.has(c.id)).map((c) => ({ id: c.id, name: c.name, value: null }))
    if (classes.length < 2) {
      throw new RadlabError('training', classes.length === 0
        ? 'no image has a class label: label images (triage) or import a class-folder layout before training a classifier'
        : `only one class (${classes[0].name}) is labelled: a classifier needs at least two`)
    }
    const index = new Map(classes.map((c, i) => [c.id, i]))
    usable = rows.filter((r) => r.label_class_id !== null && r.split !== 'test')
      .map((r) => ({ imageId: r.id, classIndex: index.get(r.label_class_id!)!, patientKey: r.patient_key ?? undefined, split: r.split }))
  }
  let train = usable.filter((r) => r.split !== 'val')
  let val = usable.filter((r) => r.split === 'val')
  if (val.length === 0) {
    // A fixed seed, not the run's: every run of a project validates on the same patients, so runs compare.
    const drawn = splitByPatient(train, 0.2)
    train = drawn.train
    val = drawn.val
  }
  const strip = (items: typeof usable): SnapshotItem[] => items.map(({ split: _s, ...rest }) => rest)
  const items = { train: strip(train), val: strip(val) }
  const dataHash = createHash('sha256').update(JSON.stringify({ task, classes, items })).digest('hex').slice(0, 16)
  return { dbPath: project.dbPath, projectDir: project.dir, task, classes, items, dataHash }
}
