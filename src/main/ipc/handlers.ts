// Binds every contract channel to its service. Inputs arrive already validated by the registry.
import { RadlabError } from '../../shared/errors'
import type { AppContext } from '../app-context'
import type { Handlers } from './registry'
import { loadSettings, saveSettings } from '../services/app-settings'
import { runImport } from '../services/import'
import { imagePixels, neighbours, volumeSlices } from '../services/images'
import { currentMask, maskHistory, restoreMask, saveMask, setReviewStatus } from '../services/masks'
import { interpolateMasks } from '../services/interpolate'
import { setLabel, triageQueue, undoLabel } from '../services/labels'
import { classificationReview, listPredictions, nextToAnnotate, predictionDetail, reviewPrediction } from '../services/review'
import { runExport } from '../services/export'
import { writeRunReport } from '../services/run-report'
import { evaluateRun } from '../services/evaluate'
import { doctorReport, probeTrainingBackends } from '../services/doctor'
import { predictionImageIds } from '../services/predict'
import { APP_VERSION } from '../version'

export function createHandlers(ctx: AppContext): Handlers {
  const project = (id: string) => ctx.projects.get(id)
  return {
    'app:info': () => ({ version: APP_VERSION, transport: ctx.transport, userName: loadSettings().userName, platform: process.platform }),
    'settings:set-user': ({ name }) => {
      const s = loadSettings()
      s.userName = name.trim()
      saveSettings(s)
      return { userName: s.userName }
    },
    'projects:recent': () => loadSettings().recent,
    'projects:create': ({ dir, name }) => ctx.projects.create(dir, name).info(),
    'projects:open': ({ dir }) => ctx.projects.open(dir).info(),
    'projects:stats': ({ projectId }) => project(projectId).repos.images.stats(),

    'import:run': (input) => runImport(project(input.projectId), input, (p) => ctx.events.emit('import:progress', p)),

    'images:list': ({ projectId, filter, offset, limit }) => project(projectId).repos.images.list(filter, offset, limit),
    'images:thumbnails': ({ projectId, ids }) => project(projectId).repos.images.thumbnails(ids),
    'images:get': ({ projectId, imageId }) => {
      const d = project(projectId).repos.images.get(imageId)
      if (!d) throw new RadlabError('not_found', `image ${imageId} does not exist`)
      return d
    },
    'images:pixels': ({ projectId, imageId }) => imagePixels(project(projectId), imageId),
    'images:neighbours': ({ projectId, imageId, filter }) => neighbours(project(projectId), imageId, filter),
    'images:volume': ({ projectId, volumeId }) => volumeSlices(project(projectId), volumeId),

    'classes:list': ({ projectId }) => project(projectId).repos.classes.list(),
    'classes:add': ({ projectId, name, kind, color }) => project(projectId).repos.classes.ensure(kind, name, color),

    'masks:current': ({ projectId, imageId }) => currentMask(project(projectId), imageId),
    'masks:save': ({ projectId, imageId, parentId, labels, author }) => saveMask(project(projectId), { imageId, parentId, labels, author }),
    'masks:history': ({ projectId, imageId }) => maskHistory(project(projectId), imageId),
    'masks:version': ({ projectId, versionId }) => {
      const m = project(projectId).repos.masks.get(versionId)
      if (!m) throw new RadlabError('not_found', `mask version ${versionId} does not exist`)
      return m
    },
    'masks:restore': ({ projectId, versionId, author }) => restoreMask(project(projectId), versionId, author),
    'masks:interpolate': ({ projectId, fromImageId, toImageId, author }) => interpolateMasks(project(projectId), fromImageId, toImageId, author),

    'review:set-status': ({ projectId, imageId, status, author }) => setReviewStatus(project(projectId), imageId, status, author),

    'labels:set': ({ projectId, imageId, classId, flagged, author }) => setLabel(project(projectId), { imageId, classId, flagged, author }),
    'labels:undo': ({ projectId, labelId, author }) => undoLabel(project(projectId), labelId, author),
    'labels:history': ({ projectId, imageId }) => project(projectId).repos.labels.history(imageId),
    'labels:queue': ({ projectId, queue, runId, offset, limit }) => triageQueue(project(projectId), queue, runId, offset, limit),

    'training:start': ({ projectId, config }) => ctx.jobs.startTraining(project(projectId), config),
    'training:cancel': ({ projectId, runId }) => ctx.jobs.cancel(project(projectId), runId),
    'training:runs': ({ projectId }) => project(projectId).repos.runs.list(),
    'training:run': ({ projectId, runId }) => {
      const r = project(projectId).repos.runs.get(runId)
      if (!r) throw new RadlabError('not_found', `run ${runId} does not exist`)
      return r
    },
    'training:backends': () => probeTrainingBackends(),

    'predict:start': ({ projectId, runId, split, imageIds, filter }) => {
      const p = project(projectId)
      return ctx.jobs.startPrediction(p, runId, imageIds ?? (filter ? p.repos.images.ids(filter) : predictionImageIds(p, split ?? 'all')))
    },
    'predictions:list': ({ projectId, runId, sort, threshold }) => listPredictions(project(projectId), runId, sort, threshold),
    'predictions:get': ({ projectId, runId, imageId }) => predictionDetail(project(projectId), runId, imageId),
    'predictions:review': ({ projectId, runId, imageId, action, author, threshold }) => reviewPrediction(project(projectId), runId, imageId, action, author, threshold),
    'predictions:next-to-annotate': ({ projectId, runId, limit }) => nextToAnnotate(project(projectId), runId, limit),
    'predictions:classification': ({ projectId, runId, threshold }) => classificationReview(project(projectId), runId, threshold),

    'predictions:saliency': ({ projectId, runId, imageId, classIndex }) => ctx.jobs.saliency(project(projectId), runId, imageId, classIndex),

    'export:run': ({ projectId, format, out, split, force, runId }) => runExport(project(projectId), { format, out, split: split ?? 'all', force: force ?? false, runId }),

    'export:report': ({ projectId, runId, out }) => writeRunReport(project(projectId), runId, out),
    'export:evaluate': ({ projectId, runId, split }) => evaluateRun(project(projectId), { runId, split }) as unknown as Record<string, unknown>,

    'system:doctor': () => doctorReport(),
    'system:ping': ({ t }) => ({ t }),
  }
}
