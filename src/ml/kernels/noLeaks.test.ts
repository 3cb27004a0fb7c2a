import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { initWasmBackend } from './loadWasm'

/**
 * Composite kernels allocate intermediates on the wasm heap directly; every
 * one must be freed, or a long training run grows the heap (which never
 * shrinks) step by step.
 */
describe('wasm training kernels free their intermediates', () => {
  it('leaves no data ids behind (both filter-gradient paths, all input-gradient paths, replacements)', async () => {
    await initWasmBackend()
    const backend = tf.backend() as unknown as { numDataIds(): number }
    const x128 = tf.randomNormal([1, 128, 128, 16]) as tf.Tensor4D // row-conv filter gradient (large map)
    const x16 = tf.randomNormal([2, 16, 16, 8]) as tf.Tensor4D // fully-connected filter gradient
    const xc = tf.randomNormal([2, 64, 64, 64]) as tf.Tensor4D // chunked fully-connected path (im2col over 8 MB)
    const w128 = tf.randomNormal([3, 3, 16, 16]) as tf.Tensor4D
    const w16 = tf.randomNormal([3, 3, 8, 4]) as tf.Tensor4D
    const wT = tf.randomNormal([2, 2, 4, 8]) as tf.Tensor4D
    const wd = tf.randomNormal([3, 3, 8, 2]) as tf.Tensor4D
    const before = backend.numDataIds()
    const step = () =>
      tf.tidy(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').square().sum())
        g([x128, w128])
        g([x16, w16])
        g([xc, tf.randomNormal([3, 3, 64, 8])])
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'valid').sum())([x16, w16])
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 32, 32, 4], 2, 'same').sum())([x16, wT])
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same').sum())([x16, wd])
        tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(x16)
        tf.grad((a: tf.Tensor) => tf.concat([a, a], 3).sum([0, 1, 2]).sum())(x16)
        tf.matMul(tf.ones([5, 7]), tf.ones([9, 7]), false, true)
        tf.matMul(tf.ones([7, 5]), tf.ones([7, 9]), true, false)
      })
    step()
    step()
    expect(backend.numDataIds()).toBe(before)
    tf.dispose([x128, x16, xc, w128, w16, wT, wd])
  })
})
