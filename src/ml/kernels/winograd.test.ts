// RadLab's Winograd 3x3 convolution (wasm) against the cpu backend: borders, odd sizes, both
// paddings, explicit padding (as the input-gradient kernel uses), bias + relu fused, batch
// sizes that leave partial tile blocks; and it must leave every other tensor untouched.
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { registerWasmTrainingKernels } from './index'
import { maxRelError, onBackend, randomArray } from './testing/backends'
import { SOURCE_SHA256 } from './wasm/native-binary'
import { winogradApplies, winogradStats } from './wasm/winogradConv'

type Case = { x: [number, number, number, number]; co: number; pad: 'same' | 'valid' | number[][]; bias?: boolean; relu?: boolean }

const cases: Case[] = [
  { x: [2, 9, 7, 4], co: 4, pad: 'same' },
  { x: [2, 9, 7, 4], co: 8, pad: 'valid' },
  { x: [1, 5, 4, 8], co: 12, pad: 'same', bias: true, relu: true },
  { x: [3, 16, 16, 16], co: 16, pad: 'same', bias: true, relu: true },
  { x: [1, 13, 11, 32], co: 20, pad: 'same', bias: true },
  { x: [2, 8, 8, 12], co: 8, pad: [[0, 0], [2, 0], [2, 1], [0, 0]] },
  { x: [5, 33, 31, 128], co: 64, pad: 'same', relu: true },
]

const name = (c: Case) => `x=${c.x} co=${c.co} pad=${JSON.stringify(c.pad)}${c.bias ? ' +bias' : ''}${c.relu ? ' relu' : ''}`

describe('Winograd F(2x2,3x3) convolution on wasm', () => {
  it('the embedded binary was built from the current native/*.c (run npm run build:kernels after editing them)', () => {
    const dir = new URL('./native/', import.meta.url)
    const h = createHash('sha256')
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.c')).sort()) h.update(f).update('\0').update(readFileSync(new URL(f, dir))).update('\0')
    expect(h.digest('hex')).toBe(SOURCE_SHA256)
  })

  for (const c of cases) {
    it(`matches cpu: ${name(c)}`, async () => {
      registerWasmTrainingKernels()
      const xv = randomArray(c.x.reduce((a, b) => a * b), 3)
      const wv = randomArray(9 * c.x[3] * c.co, 4)
      const bv = randomArray(c.co, 5)
      const run = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, c.x)
          const w = tf.tensor4d(wv, [3, 3, c.x[3], c.co])
          return tf.fused
            .conv2d({ x, filter: w, strides: 1, pad: c.pad as never, bias: c.bias ? tf.tensor1d(bv) : undefined, activation: c.relu ? 'relu' : 'linear' })
            .dataSync()
        })
      const want = await onBackend('cpu', run)
      const calls = winogradStats.calls
      const got = await onBackend('wasm', run)
      expect(winogradStats.calls, 'the Winograd kernel ran (no silent fallback)').toBe(calls + 1)
      expect(got.length).toBe(want.length)
      expect(maxRelError(got, want)).toBeLessThan(1e-4)
    })
  }

  // The stock cpu filter gradient (the reference) reads every element through TensorBuffer.get():
  // the wide case is cut to a small map so the reference stays fast.
  const gradCases = cases.map((c): Case => (c.x[3] >= 64 ? { ...c, x: [2, 10, 9, c.x[3]] } : c))
  for (const c of gradCases) {
    it(`filter gradient matches cpu: ${name(c)}`, async () => {
      registerWasmTrainingKernels()
      const oshape = await onBackend('cpu', () =>
        tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([3, 3, c.x[3], c.co]) as tf.Tensor4D, 1, c.pad as never).shape),
      )
      const xv = randomArray(c.x.reduce((a, b) => a * b), 6)
      const dyv = randomArray(oshape.reduce((a, b) => a * b), 7)
      const run = () =>
        tf.tidy(() =>
          (tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(xv, c.x), dy: tf.tensor(dyv, oshape) }, {
            strides: [1, 1], pad: c.pad, dataFormat: 'NHWC', filterShape: [3, 3, c.x[3], c.co],
          } as never) as tf.Tensor).dataSync(),
        )
      const want = await onBackend('cpu', run)
      const calls = winogradStats.filterGradCalls
      const got = await onBackend('wasm', run)
      expect(winogradStats.filterGradCalls, 'the Winograd filter gradient ran').toBe(calls + 1)
      expect(maxRelError(got, want)).toBeLessThan(1e-4)
    })
  }

  it('is used for the models\' 3x3 stride-1 layers and not for others', () => {
    const info = (x: [number, number, number, number], k: number, ci: number, co: number, stride: number) =>
      tf.backend_util.computeConv2DInfo(x, [k, k, ci, co], stride, 1, 'same')
    expect(winogradApplies(info([8, 128, 128, 16], 3, 16, 16, 1))).toBe(true)
    expect(winogradApplies(info([8, 128, 128, 1], 3, 1, 16, 1))).toBe(false)
    expect(winogradApplies(info([8, 128, 128, 16], 3, 16, 16, 2))).toBe(false)
    expect(winogradApplies(info([8, 128, 128, 16], 1, 16, 1, 1))).toBe(false)
  })

  it('writes only its output: tensors allocated around it keep their values', async () => {
    registerWasmTrainingKernels()
    const ok = await onBackend('wasm', () =>
      tf.tidy(() => {
        const before = tf.fill([4096], 7)
        const y = tf.conv2d(tf.ones([2, 16, 16, 8]) as tf.Tensor4D, tf.ones([3, 3, 8, 8]) as tf.Tensor4D, 1, 'same')
        const after = tf.fill([4096], 9)
        const b = before.dataSync()
        const a = after.dataSync()
        return b.every((v) => v === 7) && a.every((v) => v === 9) && y.dataSync()[2 * 16 * 8 + 8] === 72
      }),
    )
    expect(ok).toBe(true)
  })
})
