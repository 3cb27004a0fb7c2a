import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { BackendError, chooseBackend, explainNodeFailure, forgetGradientChecks, probeBackends } from './backend'

describe('backend choice', () => {
  it('auto tries tfjs-node-gpu → tfjs-node → wasm → cpu and keeps each reason', async () => {
    const choice = await chooseBackend('auto')
    const names = choice.report.map((r) => r.name)
    expect(names[0]).toBe('tensorflow-gpu')
    expect(choice.report.at(-1)).toEqual({ name: choice.name, ok: true })
    for (const r of choice.report.slice(0, -1)) expect(r.reason).toMatch(/\w/)
    expect(tf.getBackend()).toBe(choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name)
  })
  it('a forced backend is used or refused with the reason', async () => {
    expect((await chooseBackend('cpu')).name).toBe('cpu')
    expect(tf.getBackend()).toBe('cpu')
    let tfjsNode = true
    try {
      const pkg = '@tensorflow/tfjs-node' // a variable: the package is optional and may be absent
      await import(/* @vite-ignore */ pkg)
    } catch {
      tfjsNode = false
    }
    if (!tfjsNode) {
      await expect(chooseBackend('tensorflow')).rejects.toThrow(BackendError)
      await expect(chooseBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/)
    }
  })
  it('a backend whose training step gives wrong gradients is skipped for training, with the reason', async () => {
    await chooseBackend('wasm')
    const good = tf.getKernel('Conv2DBackpropFilter', 'wasm')!
    const broken = {
      ...good,
      [Symbol.for('radlab.kernel')]: true,
      kernelFunc: (args: never) => {
        const out = good.kernelFunc(args) as tf.TensorInfo
        const v = (args as { backend: { typedArrayFromHeap(t: tf.TensorInfo): Float32Array } }).backend.typedArrayFromHeap(out)
        for (let i = 0; i < v.length; i++) v[i] = v[i]! * 2
        return out
      },
    } as tf.KernelConfig
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm')
    tf.registerKernel(broken)
    forgetGradientChecks()
    try {
      const choice = await chooseBackend('auto', 'train')
      expect(choice.name).toBe('cpu')
      expect(choice.report.find((r) => r.name === 'wasm')).toMatchObject({ ok: false, reason: expect.stringMatching(/gradients differ from the cpu backend/) })
      // Prediction needs no gradients: wasm is still used there.
      expect((await chooseBackend('auto', 'predict')).name).toBe('wasm')
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm')
      tf.registerKernel(good)
      forgetGradientChecks()
    }
    expect((await chooseBackend('auto', 'train')).name).toBe('wasm')
  })
  it('wasm loads offline from the package folder', async () => {
    const report = await probeBackends('predict')
    expect(report.find((r) => r.name === 'wasm')).toEqual({ name: 'wasm', ok: true })
    expect(report.find((r) => r.name === 'cpu')?.ok).toBe(true)
  })
  it('explains native load failures', () => {
    expect(explainNodeFailure('@tensorflow/tfjs-node-gpu', new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory'))).toBe(
      'libcudart.so.11.0 not found: tfjs-node-gpu 4.x needs CUDA 11.2 and cuDNN 8.1',
    )
    const notFound = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node'"), { code: 'ERR_MODULE_NOT_FOUND' })
    expect(explainNodeFailure('@tensorflow/tfjs-node', notFound)).toMatch(/not installed \(its install step downloads libtensorflow/)
    expect(explainNodeFailure('@tensorflow/tfjs-node', new Error('libtensorflow.so.2: cannot open shared object file'))).toMatch(/native binding does not load \(libtensorflow.so.2 missing\)/)
  })
})
