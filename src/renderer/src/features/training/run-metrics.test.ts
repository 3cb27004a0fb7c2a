import { describe, expect, it } from 'vitest'
import type { EpochMetrics, RunSummary } from '../../../../shared/domain'
import { BatchLossTrace, backendLabel, bestMetricRows, compareRuns, epochSeries, formatDuration, headlineMetric, isSlowBackend, withEpoch } from './run-metrics'

const ep = (epoch: number, extra: Partial<EpochMetrics> = {}): EpochMetrics => ({ epoch, loss: 1 / epoch, lr: 1e-3, imgPerSec: 10, seconds: 1, ...extra })

function run(over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'r1', name: 'U-Net', task: 'segmentation', status: 'done', backend: 'wasm', seed: 42, dataHash: 'abcdef0123456789',
    config: { task: 'segmentation', model: 'unet-small', inputSize: 32, epochs: 2, lr: 0.001 }, createdAt: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:15Z', error: null, best: null, epochs: [], ...over,
  }
}

describe('epoch series', () => {
  it('sorts by epoch, drops duplicates and maps the task metric', () => {
    const s = epochSeries([ep(2, { valDice: 0.8, valIoU: 0.7 }), ep(1, { valDice: 0.5 }), ep(2, { valDice: 0.9 })], 'segmentation')
    expect(s.epoch).toEqual([1, 2])
    expect(s.metric).toEqual([0.5, 0.9])
    expect(s.metric2).toEqual([null, null])
    expect(s.loss).toEqual([1, 0.5])
  })

  it('uses AUC and accuracy for classification, null for missing or NaN values', () => {
    const s = epochSeries([ep(1, { auc: 0.75, valAccuracy: 0.6, valLoss: Number.NaN })], 'classification')
    expect(s.metric).toEqual([0.75])
    expect(s.metric2).toEqual([0.6])
    expect(s.valLoss).toEqual([null])
  })

  it('withEpoch replaces an epoch heard twice', () => {
    expect(withEpoch([ep(1), ep(2)], ep(2, { loss: 7 })).map((e) => e.loss)).toEqual([1, 7])
  })
})

describe('batch loss trace', () => {
  it('places batches at fractional epochs and ignores repeats', () => {
    const t = new BatchLossTrace()
    expect(t.add(1, 5, 10, 0.9)).toBe(true)
    expect(t.add(1, 5, 10, 0.8)).toBe(false)
    expect(t.add(2, 1, 10, 0.7)).toBe(true)
    expect(t.add(2, 1, 0, 0.7)).toBe(false)
    expect(t.x).toEqual([0.5, 1.1])
    expect(t.y).toEqual([0.9, 0.7])
  })
})

describe('run summaries', () => {
  it('names backends the way the UI shows them and flags cpu as slow', () => {
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'].map(backendLabel)).toEqual(['GPU', 'native CPU', 'wasm', 'cpu (slow)'])
    expect(isSlowBackend('cpu')).toBe(true)
    expect(isSlowBackend('wasm')).toBe(false)
  })

  it('headline metric prefers the best epoch, else the last epoch', () => {
    expect(headlineMetric(run({ best: { valDice: 0.91 } }))).toEqual({ label: 'val Dice', value: 0.91 })
    expect(headlineMetric(run({ epochs: [ep(1, { valDice: 0.4 })] }))).toEqual({ label: 'val Dice', value: 0.4 })
    expect(headlineMetric(run({ task: 'classification', epochs: [ep(1)] }))).toBeNull()
  })

  it('best metric rows come in reading order', () => {
    expect(bestMetricRows({ loss: 0.2, valDice: 0.9, epoch: 3 }).map((r) => r.label)).toEqual(['val Dice', 'loss', 'best epoch'])
  })

  it('compares two runs and marks the rows that differ', () => {
    const a = run({ best: { valDice: 0.8 } })
    const b = run({ id: 'r2', config: { ...a.config, inputSize: 64 }, best: { valDice: 0.85 }, backend: 'cpu' })
    const { config, metrics } = compareRuns(a, b)
    expect(config.find((r) => r.key === 'inputSize')).toEqual({ key: 'inputSize', a: '32', b: '64', differs: true })
    expect(config.find((r) => r.key === 'model')?.differs).toBe(false)
    expect(config.find((r) => r.key === 'backend used')).toMatchObject({ a: 'wasm', b: 'cpu', differs: true })
    expect(metrics.find((r) => r.key === 'val Dice')).toMatchObject({ a: '0.800', b: '0.850', differs: true })
    expect(metrics.find((r) => r.key === 'duration')).toMatchObject({ a: '1 min 15 s', differs: false })
  })

  it('formats durations', () => {
    expect([5, 75, 3725].map(formatDuration)).toEqual(['5 s', '1 min 15 s', '1 h 2 min'])
    expect(formatDuration(null)).toBe('-')
  })
})
