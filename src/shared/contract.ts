// The one IPC contract. Every channel is declared here once, with a zod schema for its input
// and a type for its output; the preload, the WebSocket client, the handler registry and the
// renderer's `window.radlab` type are all derived from this object.
import { z } from 'zod'
import type {
  ImageDetail, ImageLabel, ImageSummary, LabelClass, MaskVersion, ProjectInfo, RunSummary, EpochMetrics,
} from './domain'
import type { ImportSummary, ImportProgress } from './import-types'
import type { TrainingProgress, PredictionSummary, PredictionDetail, ClassificationReview, DoctorReport } from './views'

/** `returns<Output>()(inputSchema)`: curried so the input type is inferred from the schema. */
function returns<O>() {
  return <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O })
}

const projectId = z.string().min(1).max(64)
const imageId = z.number().int().positive()
const split = z.enum(['train', 'val', 'test'])
const runId = z.string().min(1).max(64)
const filePath = z.string().min(1).max(4096)
const author = z.string().min(1).max(200)
const reviewStatus = z.enum(['none', 'draft', 'in_review', 'approved'])

export const imageFilter = z.object({
  split: split.or(z.literal('none')).optional(),
  classId: z.number().int().optional(),
  hasMask: z.boolean().optional(),
  reviewStatus: reviewStatus.optional(),
  search: z.string().max(200).optional(),
  volumeId: z.number().int().optional(),
})
export type ImageFilter = z.infer<typeof imageFilter>

/** The settings the dashboard and CLI expose; main validates the full config strictly (src/ml/config.ts). */
export const trainingConfigInput = z.looseObject({
  task: z.enum(['segmentation', 'classification']),
  model: z.enum(['unet-small', 'unet', 'cnn', 'cnn-vgg']).optional(),
  inputSize: z.number().int().min(8).max(1024).optional(),
  epochs: z.number().int().min(1).max(10000).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
  lr: z.number().positive().max(1).optional(),
  augmentation: z.boolean().optional(),
  seed: z.number().int().min(0).optional(),
  backend: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).optional(),
  workers: z.union([z.literal('auto'), z.number().int().min(1).max(8)]).optional(),
  earlyStoppingPatience: z.number().int().min(0).max(1000).optional(),
})

export const invokeChannels = {
  'app:info': returns<{ version: string; transport: 'electron' | 'serve'; userName: string | null; platform: string }>()(z.object({})),
  'settings:set-user': returns<{ userName: string }>()(z.object({ name: author })),
  'projects:recent': returns<{ dir: string; name: string; openedAt: string }[]>()(z.object({})),
  'projects:create': returns<ProjectInfo>()(
    z.object({ dir: filePath, name: z.string().min(1).max(200).optional() })),
  'projects:open': returns<ProjectInfo>()(z.object({ dir: filePath })),
  'projects:stats': returns<ProjectStats>()(z.object({ projectId })),

  'import:run': returns<ImportSummary>()(z.object({
    projectId,
    paths: z.array(filePath).min(1).max(10000),
    split: split.optional(),
    layout: z.enum(['auto', 'classes', 'pairs', 'plain', 'dicom', 'nifti', 'idx']).optional(),
    masks: filePath.optional(),
    classes: z.array(z.string().min(1).max(100)).optional(),
  })),

  'images:list': returns<{ total: number; items: ImageSummary[] }>()(z.object({
    projectId, filter: imageFilter.optional(), offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000),
  })),
  'images:thumbnails': returns<{ id: number; png: Uint8Array }[]>()(
    z.object({ projectId, ids: z.array(imageId).max(1000) })),
  'images:get': returns<ImageDetail>()(z.object({ projectId, imageId })),
  'images:pixels': returns<ImagePixels>()(z.object({ projectId, imageId })),
  'images:neighbours': returns<{ prev: number | null; next: number | null; index: number; total: number }>()(z.object({
    projectId, imageId, filter: imageFilter.optional(),
  })),
  'images:volume': returns<{ volumeId: number; name: string; sliceIds: number[] }>()(
    z.object({ projectId, volumeId: z.number().int().positive() })),

  'classes:list': returns<LabelClass[]>()(z.object({ projectId })),
  'classes:add': returns<LabelClass>()(z.object({
    projectId, name: z.string().min(1).max(100), kind: z.enum(['mask', 'image']), color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  })),

  'masks:current': returns<{ version: MaskVersion | null; labels: Uint8Array | null }>()(
    z.object({ projectId, imageId })),
  'masks:save': returns<MaskVersion>()(z.object({
    projectId, imageId,
    parentId: z.number().int().positive().nullable(),
    labels: z.instanceof(Uint8Array),
    author,
  })),
  'masks:history': returns<(MaskVersion & { thumbnail: Uint8Array })[]>()(
    z.object({ projectId, imageId })),
  'masks:version': returns<{ version: MaskVersion; labels: Uint8Array }>()(
    z.object({ projectId, versionId: z.number().int().positive() })),
  'masks:restore': returns<MaskVersion>()(
    z.object({ projectId, versionId: z.number().int().positive(), author })),
  'masks:interpolate': returns<MaskVersion[]>()(
    z.object({ projectId, fromImageId: imageId, toImageId: imageId, author })),

  'review:set-status': returns<{ imageId: number; status: string }>()(z.object({ projectId, imageId, status: reviewStatus, author })),

  'labels:set': returns<ImageLabel>()(z.object({
    projectId, imageId, classId: z.number().int().positive().nullable(), flagged: z.boolean().optional(), author,
  })),
  'labels:undo': returns<ImageLabel | null>()(
    z.object({ projectId, labelId: z.number().int().positive(), author })),
  'labels:history': returns<ImageLabel[]>()(z.object({ projectId, imageId })),
  'labels:queue': returns<TriageQueue>()(z.object({
    projectId, queue: z.enum(['unlabelled', 'flagged', 'disagree', 'all']), runId: runId.optional(),
    offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100000).optional(),
  })),

  'training:start': returns<RunSummary>()(
    z.object({ projectId, config: trainingConfigInput })),
  'training:cancel': returns<RunSummary>()(z.object({ projectId, runId })),
  'training:runs': returns<RunSummary[]>()(z.object({ projectId })),
  'training:run': returns<RunSummary>()(z.object({ projectId, runId })),
  'training:backends': returns<DoctorReport['backends']>()(z.object({})),

  'predict:start': returns<{ jobId: string; images: number }>()(z.object({
    projectId, runId, split: z.enum(['train', 'val', 'test', 'all']).optional(), imageIds: z.array(imageId).max(100000).optional(),
    /** The dataset browser's current filter: predict exactly the images it shows. */
    filter: imageFilter.optional(),
  })),
  'predictions:list': returns<PredictionSummary[]>()(z.object({
    projectId, runId, sort: z.enum(['worst', 'uncertain', 'name']).optional(), threshold: z.number().min(0).max(1).optional(),
  })),
  'predictions:get': returns<PredictionDetail>()(
    z.object({ projectId, runId, imageId })),
  'predictions:review': returns<{ review: string; maskVersion: MaskVersion | null }>()(z.object({
    projectId, runId, imageId, action: z.enum(['accept', 'reject', 'flag']), author, threshold: z.number().min(0).max(1).optional(),
  })),
  'predictions:next-to-annotate': returns<{ imageId: number; name: string; uncertainty: number }[]>()(
    z.object({ projectId, runId, limit: z.number().int().min(1).max(1000).optional() })),
  'predictions:classification': returns<ClassificationReview>()(
    z.object({ projectId, runId, threshold: z.number().min(0).max(1).optional() })),

  'predictions:saliency': returns<{ imageId: number; width: number; height: number; classIndex: number; heat: Uint8Array }>()(z.object({
    projectId, runId, imageId, classIndex: z.number().int().min(0).max(255).optional(),
  })),

  'export:run': returns<{ out: string; files: number; warnings: string[] }>()(z.object({
    projectId, format: z.enum(['nnunet', 'png', 'nifti', 'dicom-seg', 'model']), out: filePath, split: z.enum(['train', 'val', 'test', 'all']).optional(), force: z.boolean().optional(),
    runId: runId.optional(),
  })),

  'export:report': returns<{ out: string; bytes: number }>()(z.object({ projectId, runId, out: filePath })),
  'export:evaluate': returns<Record<string, unknown>>()(z.object({ projectId, runId, split: z.enum(['train', 'val', 'test', 'all']).optional() })),

  'system:doctor': returns<DoctorReport>()(z.object({})),
  'system:ping': returns<{ t: number }>()(z.object({ t: z.number() })),
} as const


export interface ProjectStats {
  images: number
  masks: number
  bySplit: Record<string, number>
  byClass: Record<string, number>
}

export interface ImagePixels {
  width: number
  height: number
  dtype: 'uint8' | 'uint16' | 'int16' | 'int32' | 'float32'
  data: Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array
  window: { center: number; width: number } | null
  min: number
  max: number
}

export interface TriageQueue {
  total: number
  items: { imageId: number; name: string; classId: number | null; flagged: boolean; modelProb: number | null }[]
  counts: Record<string, number>
}

/** Events pushed from main to the renderer. */
export interface EventPayloads {
  'import:progress': ImportProgress
  'training:progress': TrainingProgress
  'training:epoch': { projectId: string; runId: string; metrics: EpochMetrics }
  'training:status': { projectId: string; run: RunSummary }
  'predict:progress': { projectId: string; jobId: string; runId: string; done: number; total: number; finished: boolean; error?: string }
}
export type EventChannel = keyof EventPayloads
export const eventChannels: readonly EventChannel[] = [
  'import:progress', 'training:progress', 'training:epoch', 'training:status', 'predict:progress',
]

export type InvokeChannels = typeof invokeChannels
export type InvokeChannel = keyof InvokeChannels
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeChannels[C]['input']>
export type InvokeOutput<C extends InvokeChannel> = InvokeChannels[C]['output']

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never
type Verb<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S

/** `window.radlab`: api.projects.open({dir}), api.masks.save(…), api.on('training:progress', cb). */
export type RadlabApi = {
  [D in Domain<InvokeChannel>]: {
    [C in InvokeChannel as C extends `${D}:${string}` ? Camel<Verb<C, D>> : never]: (input: InvokeInput<C>) => Promise<InvokeOutput<C>>
  }
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}
