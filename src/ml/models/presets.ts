// Model presets named in the training config, built from the factories.
import type * as tf from '@tensorflow/tfjs'
import type { TrainConfig } from '../../shared/trainer-protocol'
import { createUNet, unetOutputs } from './unet'
import { createCnn, cnnOutputs } from './cnn'

/** Blocks until the feature map is at most 8 pixels wide (at least 2): keeps the dense layer small. */
function cnnBlocks(inputSize: number, filters: number[], lossPerBlock: number): number[] {
  const blocks: number[] = []
  let side = inputSize
  while (blocks.length < filters.length && (blocks.length < 2 || side > 8)) {
    const next = Math.floor((side - lossPerBlock) / 2)
    if (next < 1) break
    blocks.push(filters[blocks.length])
    side = next
  }
  return blocks
}

/**
 * Builds the configured model. `classes`: mask classes (segmentation, background excluded)
 * or image classes (classification).
 */
export function buildModel(cfg: TrainConfig, classes: number): { model: tf.LayersModel; outputs: number } {
  switch (cfg.model) {
    case 'unet-small':
    case 'unet': {
      const small = cfg.model === 'unet-small'
      const model = createUNet({
        inputSize: cfg.inputSize,
        depth: cfg.depth ?? 3,
        baseFilters: cfg.baseFilters ?? (small ? 16 : 32),
        batchNorm: cfg.batchNorm ?? !small,
        dropout: cfg.dropout ?? (small ? 0 : 0.1),
        classes,
        seed: cfg.seed,
      })
      return { model, outputs: unetOutputs(classes) }
    }
    case 'cnn': {
      const f = cfg.baseFilters ?? 32
      const model = createCnn({
        inputSize: cfg.inputSize,
        blockFilters: cnnBlocks(cfg.inputSize, [f, 2 * f, 4 * f, 4 * f, 4 * f], 2),
        convsPerBlock: 1,
        padding: 'valid',
        denseUnits: 128,
        batchNorm: cfg.batchNorm ?? false,
        dropout: cfg.dropout ?? 0,
        classes,
        seed: cfg.seed,
      })
      return { model, outputs: cnnOutputs(classes) }
    }
    case 'cnn-vgg': {
      const f = cfg.baseFilters ?? 32
      const model = createCnn({
        inputSize: cfg.inputSize,
        blockFilters: cnnBlocks(cfg.inputSize, [f, 2 * f, 4 * f, 8 * f, 8 * f], 0),
        convsPerBlock: 2,
        padding: 'same',
        denseUnits: 256,
        batchNorm: cfg.batchNorm ?? true,
        dropout: cfg.dropout ?? 0.5,
        classes,
        seed: cfg.seed,
      })
      return { model, outputs: cnnOutputs(classes) }
    }
  }
}
