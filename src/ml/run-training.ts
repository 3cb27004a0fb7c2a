// One training run from a snapshot: validates the data, loads it, trains. Shared by the
// trainer process and the CLI's in-process mode.
import { join } from 'node:path'
import type { TrainConfig, TrainSnapshot, SnapshotItem } from '../shared/trainer-protocol'
import { ProjectReader } from './data/project-reader'
import { prepareExamples, type Example } from './data/dataset'
import { splitByPatient } from './data/split'
import { TrainingRefused } from './failure'
import { trainModel, type TrainCallbacks, type TrainResult } from './train-loop'

/** Seed of the validation split drawn when a snapshot has none (fixed: same project → same split). */
export const VAL_SPLIT_SEED = 1234
export const VAL_FRACTION = 0.2

/** Refuses snapshots that cannot train, with the reason (before any pixel is read). */
export function checkSnapshot(snapshot: TrainSnapshot, cfg: TrainConfig): void {
  if (snapshot.task !== cfg.task) throw new TrainingRefused(`the snapshot is for ${snapshot.task}, the config for ${cfg.task}`)
  const train = snapshot.items.train
  if (train.length === 0) throw new TrainingRefused('no training images: label or annotate some images first')
  if (cfg.task === 'segmentation') {
    if (snapshot.classes.length === 0) throw new TrainingRefused('the project has no mask classes to learn')
    const missing = train.filter((i) => i.maskVersionId == null).length
    if (missing === train.length) throw new TrainingRefused('no training image has a mask: draw some masks first')
    if (missing > 0) throw new TrainingRefused(`${missing} of ${train.length} training images have no mask in the snapshot`)
  } else {
    if (snapshot.classes.length < 2) throw new TrainingRefused(`classification needs at least two image classes, the project has ${snapshot.classes.length}`)
    const missing = train.filter((i) => i.classIndex == null).length
    if (missing > 0) throw new TrainingRefused(`${missing} of ${train.length} training images have no class label`)
    const present = new Set(train.map((i) => i.classIndex))
    if (present.size < 2) {
      const only = snapshot.classes[train[0].classIndex!]?.name ?? String(train[0].classIndex)
      throw new TrainingRefused(`all training images are labelled "${only}": need images of at least two classes`)
    }
  }
  if (cfg.classWeights) {
    const want = cfg.task === 'segmentation' ? (snapshot.classes.length === 1 ? 2 : snapshot.classes.length + 1) : snapshot.classes.length
    if (cfg.classWeights.length !== want) throw new TrainingRefused(`classWeights has ${cfg.classWeights.length} entries, this task needs ${want}`)
  }
}

/** The snapshot's val items, or a patient-grouped split of its train items when it has none. */
export function resolveSplits(snapshot: TrainSnapshot): { train: SnapshotItem[]; val: SnapshotItem[] } {
  if (snapshot.items.val.length > 0) return snapshot.items
  return splitByPatient(snapshot.items.train, VAL_FRACTION, VAL_SPLIT_SEED)
}

export interface LoadedData {
  train: Example[]
  val: Example[]
}

export function loadSnapshotData(snapshot: TrainSnapshot, cfg: TrainConfig): LoadedData {
  const splits = resolveSplits(snapshot)
  const reader = new ProjectReader(snapshot.dbPath)
  try {
    const load = (items: SnapshotItem[]) => prepareExamples(reader, items, cfg.task, snapshot.classes, cfg.inputSize, cfg.normalisation)
    const data = { train: load(splits.train), val: load(splits.val) }
    if (cfg.task === 'segmentation' && data.train.every((e) => !e.mask!.some((v) => v !== 0))) {
      throw new TrainingRefused('every training mask is empty (at this input size): there is no foreground to learn')
    }
    return data
  } finally {
    reader.close()
  }
}

export function runCheckpointDir(projectDir: string, runId: string): string {
  return join(projectDir, 'runs', runId)
}

export async function runTraining(runId: string, snapshot: TrainSnapshot, cfg: TrainConfig, cb: TrainCallbacks): Promise<TrainResult> {
  checkSnapshot(snapshot, cfg)
  const data = loadSnapshotData(snapshot, cfg)
  return trainModel(
    { config: cfg, classes: snapshot.classes, train: data.train, val: data.val, checkpointDir: runCheckpointDir(snapshot.projectDir, runId), dataHash: snapshot.dataHash },
    cb,
  )
}
