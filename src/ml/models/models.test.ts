import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { createUNet } from './unet'
import { createCnn } from './cnn'
import { buildModel } from './presets'
import { resolveConfig } from '../config'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const unetOk = { inputSize: 32, depth: 2, baseFilters: 4, classes: 1 }
const cnnOk = { inputSize: 28, blockFilters: [32, 64], denseUnits: 128, classes: 10 }

describe('createUNet', () => {
  it('builds the reference U-Net of the speed issue (481,745 parameters)', () => {
    const m = createUNet({ inputSize: 128, depth: 3, baseFilters: 16, classes: 1 })
    expect(m.countParams()).toBe(481_745)
    expect(m.outputs[0].shape).toEqual([null, 128, 128, 1])
    m.dispose()
  })
  it('has classes + 1 outputs for multi-class masks, and batch norm when asked', () => {
    const m = createUNet({ ...unetOk, classes: 3, batchNorm: true, dropout: 0.2 })
    expect(m.outputs[0].shape).toEqual([null, 32, 32, 4])
    expect(m.layers.some((l) => l.getClassName() === 'BatchNormalization')).toBe(true)
    expect(m.layers.some((l) => l.getClassName() === 'RadlabSeededDropout')).toBe(true)
    m.dispose()
  })
  it.each([
    [{ ...unetOk, inputSize: 30 }, /inputSize must be divisible by 2\^depth = 4/],
    [{ ...unetOk, depth: 0 }, /depth must be an integer from 1 to 6/],
    [{ ...unetOk, baseFilters: 2.5 }, /baseFilters/],
    [{ ...unetOk, classes: 0 }, /classes/],
    [{ ...unetOk, dropout: 1.5 }, /dropout/],
    [{ ...unetOk, batchNorm: 'yes' as unknown as boolean }, /batchNorm must be true or false/],
  ])('rejects %o', (opts, msg) => {
    expect(() => createUNet(opts)).toThrow(msg)
  })
  it('same seed → same initial weights; different seed → different', () => {
    const w = (seed: number) => {
      const m = createUNet({ ...unetOk, seed })
      const v = Array.from(m.getWeights()[0].dataSync())
      m.dispose()
      return v
    }
    expect(w(5)).toEqual(w(5))
    expect(w(5)).not.toEqual(w(6))
  })
})

describe('createCnn', () => {
  it('builds the reference CNN of the speed issue (225,034 parameters)', () => {
    const m = createCnn(cnnOk)
    expect(m.countParams()).toBe(225_034)
    m.dispose()
  })
  it('binary → one logit; multi-class → one per class', () => {
    const b = createCnn({ ...cnnOk, classes: 2 })
    expect(b.outputs[0].shape).toEqual([null, 1])
    b.dispose()
  })
  it.each([
    [{ ...cnnOk, blockFilters: [] }, /blockFilters must list at least one/],
    [{ ...cnnOk, blockFilters: [32, -1] }, /blockFilters\[1\]/],
    [{ ...cnnOk, classes: 1 }, /classes must be an integer from 2/],
    [{ ...cnnOk, inputSize: 8, blockFilters: [8, 8, 8] }, /too small for 3 blocks/],
    [{ ...cnnOk, denseUnits: 0 }, /denseUnits/],
    [{ ...cnnOk, padding: 'full' as 'same' }, /padding must be/],
  ])('rejects %o', (opts, msg) => {
    expect(() => createCnn(opts)).toThrow(msg)
  })
})

describe('presets', () => {
  it('build every preset at a small size', () => {
    for (const [task, model] of [
      ['segmentation', 'unet-small'],
      ['segmentation', 'unet'],
      ['classification', 'cnn'],
      ['classification', 'cnn-vgg'],
    ] as const) {
      const cfg = resolveConfig({ task, model, inputSize: 32 })
      const { model: m, outputs } = buildModel(cfg, 2)
      expect(outputs).toBe(task === 'segmentation' ? 3 : 1)
      const y = m.predict(tf.zeros([1, 32, 32, 1])) as tf.Tensor
      expect(y.shape[y.shape.length - 1]).toBe(outputs)
      tf.dispose([y])
      m.dispose()
    }
  })
})
