import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { maxRelError, onBackend, randomArray } from './testing/backends'

/** Kernels RadLab replaces on wasm for speed (not only gradients): each must match the cpu backend exactly or to float rounding. */
async function both<T extends ArrayLike<number>[]>(fn: () => T): Promise<[T, T]> {
  const want = await onBackend('cpu', fn)
  const got = await onBackend('wasm', fn)
  return [got, want]
}

describe('wasm replacement kernels match cpu', () => {
  const pools = [
    { x: [2, 8, 8, 3], k: 2, s: 2, pad: 'valid' as const },
    { x: [1, 9, 7, 4], k: 3, s: 2, pad: 'same' as const },
    { x: [2, 6, 6, 2], k: 3, s: 1, pad: 'same' as const },
  ]
  for (const p of pools) {
    it(`MaxPoolGrad x=${p.x} k=${p.k} s=${p.s} ${p.pad}`, async () => {
      const xv = randomArray(p.x.reduce((a, b) => a * b), 11)
      const [got, want] = await both(() =>
        tf.tidy(() => {
          const x = tf.tensor4d(xv, p.x as [number, number, number, number])
          const g = tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, p.k, p.s, p.pad).mul(tf.scalar(3)).sum())(x)
          return [g.dataSync()]
        }),
      )
      expect(maxRelError(got[0]!, want[0]!)).toBeLessThan(1e-6)
    })
  }

  it('MaxPoolGrad routes ties to the first maximum like cpu (post-ReLU zeros)', async () => {
    const xv = randomArray(2 * 8 * 8 * 4, 12).map((v) => Math.max(0, v - 0.5))
    const [got, want] = await both(() =>
      tf.tidy(() => [tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(tf.tensor4d(xv, [2, 8, 8, 4])).dataSync()]),
    )
    expect(Array.from(got[0]!)).toEqual(Array.from(want[0]!))
  })

  for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
    it(`BatchMatMul transposeA=${ta} transposeB=${tb}`, async () => {
      const a = randomArray(37 * 19, 13)
      const b = randomArray(19 * 23, 14)
      const [got, want] = await both(() =>
        tf.tidy(() => {
          const A = ta ? tf.tensor2d(a, [19, 37]) : tf.tensor2d(a, [37, 19])
          const B = tb ? tf.tensor2d(b, [23, 19]) : tf.tensor2d(b, [19, 23])
          return [tf.matMul(A, B, ta, tb).dataSync()]
        }),
      )
      expect(maxRelError(got[0]!, want[0]!)).toBeLessThan(1e-5)
    })
  }

  it('BatchMatMul a·b^T with a large b (dense input gradient) and rank-3 batch 1', async () => {
    const a = randomArray(5 * 64, 19)
    const b = randomArray(300 * 64, 20)
    const [got, want] = await both(() =>
      tf.tidy(() => [
        tf.matMul(tf.tensor2d(a, [5, 64]), tf.tensor2d(b, [300, 64]), false, true).dataSync(),
        tf.matMul(tf.tensor3d(a, [1, 5, 64]), tf.tensor3d(b, [1, 300, 64]), false, true).dataSync(),
      ]),
    )
    expect(maxRelError(got[0]!, want[0]!)).toBeLessThan(1e-5)
    expect(maxRelError(got[1]!, want[1]!)).toBeLessThan(1e-5)
  })

  it('Concat and its gradient (SplitV) on several axes', async () => {
    const a = randomArray(2 * 5 * 4 * 3, 15)
    const b = randomArray(2 * 5 * 4 * 130, 16)
    const c = randomArray(2 * 5 * 4 * 3, 17)
    const [got, want] = await both(() =>
      tf.tidy(() => {
        const A = tf.tensor4d(a, [2, 5, 4, 3])
        const B = tf.tensor4d(b, [2, 5, 4, 130])
        const C = tf.tensor4d(c, [2, 5, 4, 3])
        const last = tf.concat([A, B, C], 3)
        const mid = tf.concat([A, C], 1)
        const gs = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.concat([p, q], 3).square().sum())([A, B])
        const parts = tf.split(B, [100, 30], 3)
        return [last.dataSync(), mid.dataSync(), gs[0]!.dataSync(), gs[1]!.dataSync(), parts[0]!.dataSync(), parts[1]!.dataSync()]
      }),
    )
    for (let i = 0; i < got.length; i++) expect(Array.from(got[i]!)).toEqual(Array.from(want[i]!))
  })

  it('Sum over leading axes, trailing axes, keepDims, and others (stock path)', async () => {
    const v = randomArray(3 * 7 * 5 * 6, 18)
    const [got, want] = await both(() =>
      tf.tidy(() => {
        const x = tf.tensor4d(v, [3, 7, 5, 6])
        return [
          tf.sum(x, [0, 1, 2]).dataSync(),
          tf.sum(x, [2, 3]).dataSync(),
          tf.sum(x, [0], true).dataSync(),
          tf.sum(x, [1, 3]).dataSync(),
          tf.sum(x).dataSync(),
        ]
      }),
    )
    for (let i = 0; i < got.length; i++) expect(maxRelError(got[i]!, want[i]!)).toBeLessThan(1e-5)
  })

  it('Sum over leading axes with channels in fours (SIMD column sums, partial 32-row blocks)', async () => {
    const v = randomArray(4 * 33 * 17 * 8, 19)
    const [got, want] = await both(() =>
      tf.tidy(() => {
        const x = tf.tensor4d(v, [4, 33, 17, 8])
        return [tf.sum(x, [0, 1, 2]).dataSync(), tf.sum(x, [0, 1], true).dataSync(), tf.sum(tf.reshape(x, [4, 33 * 17 * 8]), 0).dataSync()]
      }),
    )
    expect(got.map((g) => g.length)).toEqual([8, 17 * 8, 33 * 17 * 8])
    for (let i = 0; i < got.length; i++) expect(maxRelError(got[i]!, want[i]!)).toBeLessThan(1e-5)
  })
})
