// Training configuration: validated with zod, defaults from the seed lecture's recipes
// (U-Net with BCE + Dice for segmentation; CNN with Adam lr 1e-4 and StepLR(3, 0.1) for the
// pneumonia classifier). A partial config from the UI/CLI is completed per task.
import { z } from 'zod'
import type { TrainConfig } from '../shared/trainer-protocol'
import type { Task } from '../shared/domain'

const backendSchema = z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'])

export const trainConfigSchema = z
  .object({
    task: z.enum(['segmentation', 'classification']),
    model: z.enum(['unet-small', 'unet', 'cnn', 'cnn-vgg']).optional(),
    inputSize: z.number().int().min(8).max(1024).optional(),
    epochs: z.number().int().min(1).max(10_000).optional(),
    batchSize: z.number().int().min(1).max(1024).optional(),
    lr: z.number().positive().max(1).optional(),
    optimizer: z.literal('adam').optional(),
    schedule: z.enum(['none', 'step', 'plateau']).optional(),
    stepSize: z.number().int().min(1).optional(),
    gamma: z.number().positive().max(1).optional(),
    plateauPatience: z.number().int().min(1).optional(),
    earlyStoppingPatience: z.number().int().min(0).optional(),
    loss: z.enum(['bce', 'dice', 'bce_dice', 'cce']).optional(),
    classWeights: z.array(z.number().positive()).nullable().optional(),
    augmentation: z.boolean().optional(),
    balancedSampling: z.boolean().optional(),
    normalisation: z.enum(['zscore', 'window']).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    backend: backendSchema.optional(),
    workers: z.union([z.literal('auto'), z.number().int().min(1).max(8)]).optional(),
    baseFilters: z.number().int().min(1).max(512).optional(),
    depth: z.number().int().min(1).max(6).optional(),
    batchNorm: z.boolean().optional(),
    dropout: z.number().min(0).max(0.9).optional(),
  })
  .strict()

export type TrainConfigInput = z.input<typeof trainConfigSchema>

export function defaultConfig(task: Task): TrainConfig {
  const common = {
    optimizer: 'adam' as const,
    stepSize: 3,
    gamma: 0.1,
    plateauPatience: 2,
    classWeights: null,
    augmentation: true,
    balancedSampling: false,
    normalisation: 'zscore' as const,
    seed: 42,
    backend: 'auto' as const,
    workers: 'auto' as const,
  }
  if (task === 'segmentation') {
    return {
      ...common,
      task,
      model: 'unet-small',
      inputSize: 128,
      epochs: 20,
      batchSize: 8,
      lr: 1e-3,
      schedule: 'plateau',
      earlyStoppingPatience: 6,
      loss: 'bce_dice',
    }
  }
  return {
    ...common,
    task,
    model: 'cnn',
    inputSize: 128,
    epochs: 10,
    batchSize: 32,
    lr: 1e-4,
    schedule: 'step',
    earlyStoppingPatience: 4,
    loss: 'bce',
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Validates a partial config and fills in the task's defaults; throws ConfigError naming the field. */
export function resolveConfig(input: unknown): TrainConfig {
  const parsed = trainConfigSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.join('.') || '(config)'
    throw new ConfigError(`invalid training config: ${field}: ${issue.message}`)
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined))
  const cfg = { ...defaultConfig(parsed.data.task), ...given } as TrainConfig
  const seg = cfg.task === 'segmentation'
  if (seg && !cfg.model.startsWith('unet')) throw new ConfigError(`invalid training config: model: ${cfg.model} is a classifier, the task is segmentation`)
  if (!seg && !cfg.model.startsWith('cnn')) throw new ConfigError(`invalid training config: model: ${cfg.model} is a segmentation model, the task is classification`)
  if (seg && cfg.loss === 'cce' && parsed.data.loss === undefined) cfg.loss = 'bce_dice'
  if (!seg && (cfg.loss === 'dice' || cfg.loss === 'bce_dice')) {
    throw new ConfigError(`invalid training config: loss: ${cfg.loss} is a segmentation loss`)
  }
  return cfg
}
