import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from './index'
import { maxRelError, onBackend, randomArray } from './testing/backends'

type Pad = 'same' | 'valid'
type Case = { x: [number, number, number, number]; k: [number, number]; co: number; stride: number; pad: Pad }

// Shapes chosen to cover odd sizes, 1x1, 5x5, stride 2 with 'same' remainders, and the models' own layers.
const convCases: Case[] = [
  { x: [2, 9, 7, 3], k: [3, 3], co: 4, stride: 1, pad: 'same' },
  { x: [2, 9, 7, 3], k: [3, 3], co: 4, stride: 1, pad: 'valid' },
  { x: [1, 11, 10, 2], k: [3, 3], co: 5, stride: 2, pad: 'same' },
  { x: [1, 11, 10, 2], k: [3, 3], co: 5, stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 3], k: [2, 2], co: 4, stride: 2, pad: 'same' },
  { x: [2, 8, 8, 3], k: [1, 1], co: 6, stride: 1, pad: 'valid' },
  { x: [1, 12, 9, 4], k: [5, 5], co: 3, stride: 1, pad: 'same' },
  { x: [1, 13, 13, 2], k: [3, 3], co: 3, stride: 3, pad: 'valid' },
  { x: [3, 16, 16, 8], k: [3, 3], co: 16, stride: 1, pad: 'same' },
]

function filterShape(c: Case): [number, number, number, number] {
  return [c.k[0], c.k[1], c.x[3], c.co]
}

function outShape(c: Case): [number, number, number, number] {
  const y = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(filterShape(c)) as tf.Tensor4D, c.stride, c.pad))
  const s = y.shape as [number, number, number, number]
  y.dispose()
  return s
}

const name = (c: Case) => `x=${c.x} k=${c.k} co=${c.co} stride=${c.stride} pad=${c.pad}`

describe('wasm training kernels', () => {
  it('registers idempotently and names what it registered', () => {
    const first = registerWasmTrainingKernels()
    expect(first).toEqual(
      expect.arrayContaining([
        'Conv2DBackpropFilter',
        'Conv2DBackpropInput',
        'DepthwiseConv2dNativeBackpropFilter',
        'DepthwiseConv2dNativeBackpropInput',
      ]),
    )
    expect(registerWasmTrainingKernels()).toEqual(first)
  })

  for (const c of convCases) {
    it(`Conv2DBackpropFilter matches cpu: ${name(c)}`, async () => {
      const dyShape = await onBackend('cpu', () => outShape(c))
      const xv = randomArray(c.x.reduce((a, b) => a * b), 1)
      const dyv = randomArray(dyShape.reduce((a, b) => a * b), 2)
      const run = () =>
        tf.tidy(() =>
          tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(xv, c.x), dy: tf.tensor4d(dyv, dyShape) }, {
            strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: filterShape(c),
          } as never) as tf.Tensor,
        ).dataSync()
      const want = await onBackend('cpu', run)
      const got = await onBackend('wasm', run)
      expect(maxRelError(got, want)).toBeLessThan(1e-5)
    })

    it(`Conv2DBackpropInput matches cpu: ${name(c)}`, async () => {
      const dyShape = await onBackend('cpu', () => outShape(c))
      const wv = randomArray(filterShape(c).reduce((a, b) => a * b), 3)
      const dyv = randomArray(dyShape.reduce((a, b) => a * b), 4)
      const run = () =>
        tf.tidy(() =>
          tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(dyv, dyShape), filter: tf.tensor4d(wv, filterShape(c)) }, {
            strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: c.x,
          } as never) as tf.Tensor,
        ).dataSync()
      const want = await onBackend('cpu', run)
      const got = await onBackend('wasm', run)
      expect(maxRelError(got, want)).toBeLessThan(1e-5)
    })
  }

  it('conv2dTranspose 2x2 stride 2 (U-Net decoder) and its gradients match cpu', async () => {
    const x = randomArray(2 * 5 * 6 * 8, 5)
    const w = randomArray(2 * 2 * 4 * 8, 6)
    const run = () =>
      tf.tidy(() => {
        const xt = tf.tensor4d(x, [2, 5, 6, 8])
        const wt = tf.tensor4d(w, [2, 2, 4, 8])
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 10, 12, 4], 2, 'same').square().sum()
        const y = tf.conv2dTranspose(xt, wt, [2, 10, 12, 4], 2, 'same')
        const [gx, gw] = tf.grads(f)([xt, wt])
        return [y.dataSync(), gx!.dataSync(), gw!.dataSync()]
      })
    const want = await onBackend('cpu', run)
    const got = await onBackend('wasm', run)
    for (let i = 0; i < 3; i++) expect(maxRelError(got[i]!, want[i]!)).toBeLessThan(1e-5)
  })

  const dwCases = [
    { x: [2, 9, 8, 3] as [number, number, number, number], k: 3, m: 1, stride: 1, pad: 'same' as Pad },
    { x: [1, 10, 9, 2] as [number, number, number, number], k: 3, m: 2, stride: 2, pad: 'valid' as Pad },
    { x: [1, 7, 7, 4] as [number, number, number, number], k: 5, m: 1, stride: 2, pad: 'same' as Pad },
  ]
  for (const c of dwCases) {
    it(`depthwise gradients match cpu: x=${c.x} k=${c.k} m=${c.m} stride=${c.stride} pad=${c.pad}`, async () => {
      const xv = randomArray(c.x.reduce((a, b) => a * b), 7)
      const wv = randomArray(c.k * c.k * c.x[3] * c.m, 8)
      const run = () =>
        tf.tidy(() => {
          const xt = tf.tensor4d(xv, c.x)
          const wt = tf.tensor4d(wv, [c.k, c.k, c.x[3], c.m])
          const f = (a: tf.Tensor, b: tf.Tensor) =>
            tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad).mul(tf.scalar(0.5)).sin().sum()
          const [gx, gw] = tf.grads(f)([xt, wt])
          return [gx!.dataSync(), gw!.dataSync()]
        })
      const want = await onBackend('cpu', run)
      const got = await onBackend('wasm', run)
      expect(maxRelError(got[0]!, want[0]!)).toBeLessThan(1e-4)
      expect(maxRelError(got[1]!, want[1]!)).toBeLessThan(1e-4)
    })
  }
})
