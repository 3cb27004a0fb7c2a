import { describe, expect, it } from 'vitest'
import { defaultConfig, resolveConfig } from './config'
import { EarlyStopping, plateauLr, stepLr } from './schedule'

describe('resolveConfig', () => {
  it("fills the seed's recipe per task", () => {
    const cls = resolveConfig({ task: 'classification' })
    expect(cls).toMatchObject({ model: 'cnn', lr: 1e-4, optimizer: 'adam', schedule: 'step', stepSize: 3, gamma: 0.1, loss: 'bce' })
    const seg = resolveConfig({ task: 'segmentation', epochs: 3 })
    expect(seg).toMatchObject({ model: 'unet-small', loss: 'bce_dice', epochs: 3 })
    expect(defaultConfig('segmentation').epochs).toBe(20)
  })
  it('names the bad field', () => {
    expect(() => resolveConfig({ task: 'segmentation', batchSize: 0 })).toThrow(/batchSize/)
    expect(() => resolveConfig({ task: 'segmentation', model: 'cnn' })).toThrow(/model: cnn is a classifier/)
    expect(() => resolveConfig({ task: 'classification', loss: 'dice' })).toThrow(/loss: dice/)
    expect(() => resolveConfig({ task: 'detection' })).toThrow(/task/)
    expect(() => resolveConfig({ task: 'segmentation', colour: 'red' })).toThrow(/colour|unrecognized/i)
  })
})

describe('schedules', () => {
  it('StepLR(3, 0.1)', () => {
    const s = stepLr(1e-3, 3, 0.1)
    expect([0, 1, 2, 3, 5, 6].map((e) => s.lrFor(e, false))).toEqual([1e-3, 1e-3, 1e-3, 1e-3 * 0.1, 1e-3 * 0.1, 1e-3 * 0.1 ** 2].map((v) => expect.closeTo(v, 12)))
  })
  it('plateau halves after `patience` epochs without improvement', () => {
    const s = plateauLr(1, 2, 0.5)
    expect(s.lrFor(0, false)).toBe(1)
    expect(s.lrFor(1, true)).toBe(1)
    expect(s.lrFor(2, false)).toBe(1)
    expect(s.lrFor(3, false)).toBe(0.5)
    expect(s.lrFor(4, true)).toBe(0.5)
  })
  it('early stopping after patience stale epochs', () => {
    const e = new EarlyStopping(2)
    expect(e.update(0, 0.5)).toBe(true)
    expect(e.update(1, 0.4)).toBe(false)
    expect(e.shouldStop).toBe(false)
    expect(e.update(2, 0.5)).toBe(false)
    expect(e.shouldStop).toBe(true)
    expect(new EarlyStopping(0).shouldStop).toBe(false)
  })
})
