import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { checkBackendGradients, measureBackendThroughput, speedUpCpuBackend } from './index'
import { maxRelError, randomArray } from './testing/backends'

describe('cpu backend speed-up', () => {
  it('replaces Conv2DBackpropFilter with a kernel that matches the stock one', async () => {
    await tf.setBackend('cpu')
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!
    const cases = [
      { x: [2, 9, 8, 3], f: [3, 3, 3, 5], stride: 1, pad: 'same' },
      { x: [2, 11, 9, 2], f: [3, 3, 2, 4], stride: 2, pad: 'valid' },
      { x: [1, 8, 8, 4], f: [2, 2, 4, 3], stride: 2, pad: 'same' },
    ] as const
    const want = cases.map((c, i) =>
      tf.tidy(() => {
        const x = tf.tensor4d(randomArray((c.x as readonly number[]).reduce((a, b) => a * b, 1), 30 + i), c.x as unknown as [number, number, number, number])
        const y = tf.conv2d(x, tf.zeros(c.f as unknown as [number, number, number, number]) as tf.Tensor4D, c.stride, c.pad)
        const dy = tf.tensor4d(randomArray(y.size, 40 + i), y.shape)
        const info = stock.kernelFunc({
          inputs: { x, dy },
          backend: tf.backend(),
          attrs: { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: c.f as unknown as number[] },
        } as never) as tf.TensorInfo
        return { x: x.dataSync(), dy: dy.dataSync(), dyShape: dy.shape, dW: tf.engine().makeTensorFromTensorInfo(info).dataSync() }
      }),
    )
    expect(speedUpCpuBackend()).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'MaxPoolGrad', 'Sum']))
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).not.toBe(stock)
    cases.forEach((c, i) => {
      const got = tf.tidy(() =>
        (
          tf.engine().runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor4d(want[i]!.x, c.x as unknown as [number, number, number, number]), dy: tf.tensor4d(want[i]!.dy, want[i]!.dyShape) },
            { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as never,
          ) as tf.Tensor
        ).dataSync(),
      )
      expect(maxRelError(got, want[i]!.dW)).toBeLessThan(1e-5)
    })
  })
})

describe('cpu MaxPoolGrad and Sum replacements', () => {
  it('match the wasm results (which the wasm tests check against stock cpu)', async () => {
    speedUpCpuBackend()
    await tf.setBackend('cpu')
    const xv = randomArray(2 * 9 * 8 * 3, 61)
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, [2, 9, 8, 3])
        return [
          tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(x).dataSync(),
          tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 3, 2, 'same').square().sum())(x).dataSync(),
          tf.sum(x, [0, 1, 2]).dataSync(),
          tf.sum(x, [0], true).dataSync(),
          tf.sum(x, [1, 3]).dataSync(),
        ]
      })
    const got = run()
    const { initWasmBackend } = await import('./loadWasm')
    await initWasmBackend()
    const want = run()
    await tf.setBackend('cpu')
    got.forEach((g, i) => expect(maxRelError(g, want[i]!), `output ${i}`).toBeLessThan(1e-5))
  })
})

describe('measureBackendThroughput', () => {
  it('reports img/s of a CNN training step on wasm and restores the previous backend', async () => {
    await tf.setBackend('cpu')
    const r = await measureBackendThroughput('wasm', { seconds: 0.5 })
    expect(r.backend).toBe('wasm')
    expect(r.steps).toBeGreaterThan(0)
    expect(r.imgPerSec).toBeGreaterThan(0)
    expect(tf.getBackend()).toBe('cpu')
  })

  it('names the backend that failed', async () => {
    await expect(measureBackendThroughput('no-such-backend', { seconds: 0.1 })).rejects.toThrow(/no-such-backend/)
  })
})

describe('checkBackendGradients', () => {
  it('accepts wasm with RadLab kernels and reports a backend that cannot load', async () => {
    const ok = await checkBackendGradients('wasm')
    expect(ok.ok, ok.error).toBe(true)
    expect(ok.maxRelError).toBeLessThan(1e-3)
    const bad = await checkBackendGradients('no-such-backend')
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/no-such-backend/)
  })
})
