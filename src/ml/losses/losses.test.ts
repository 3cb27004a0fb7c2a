import { describe, expect, it, beforeAll } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { bceWithLogits, cceWithLogits, makeLoss, softDiceLoss } from '.'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const val = (t: tf.Scalar) => {
  const v = t.dataSync()[0]
  t.dispose()
  return v
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

describe('bceWithLogits', () => {
  it('matches −[z log σ(x) + (1−z) log(1−σ(x))] by hand', () => {
    const x = [2, -1, 0, 3]
    const z = [1, 0, 1, 0]
    const hand = x.map((xi, i) => -(z[i] * Math.log(sigmoid(xi)) + (1 - z[i]) * Math.log(1 - sigmoid(xi))))
    const expected = hand.reduce((a, b) => a + b) / 4
    expect(val(bceWithLogits(tf.tensor1d(x), tf.tensor1d(z)))).toBeCloseTo(expected, 5)
    // log 2 at x = 0 is the textbook value.
    expect(val(bceWithLogits(tf.tensor1d([0]), tf.tensor1d([1])))).toBeCloseTo(Math.LN2, 6)
  })

  it('is finite and exact for huge logits (where sigmoid then log would overflow)', () => {
    // Wrong-side logit of 1000 costs exactly 1000; right side costs ~0.
    expect(val(bceWithLogits(tf.tensor1d([1000]), tf.tensor1d([0])))).toBeCloseTo(1000, 3)
    expect(val(bceWithLogits(tf.tensor1d([-1000]), tf.tensor1d([1])))).toBeCloseTo(1000, 3)
    expect(val(bceWithLogits(tf.tensor1d([1000]), tf.tensor1d([1])))).toBeCloseTo(0, 6)
  })

  it('weights positives and negatives (weighted mean)', () => {
    // Per-element losses: x=0 → log 2 both; weights pos 3, neg 1 → still log 2.
    expect(val(bceWithLogits(tf.tensor1d([0, 0]), tf.tensor1d([1, 0]), { neg: 1, pos: 3 }))).toBeCloseTo(Math.LN2, 6)
    const lPos = Math.log(1 + Math.exp(-2)) // x=2, z=1
    const lNeg = 2 + Math.log(1 + Math.exp(-2)) // x=2, z=0
    const expected = (3 * lPos + 1 * lNeg) / 4
    expect(val(bceWithLogits(tf.tensor1d([2, 2]), tf.tensor1d([1, 0]), { neg: 1, pos: 3 }))).toBeCloseTo(expected, 5)
  })
})

describe('softDiceLoss', () => {
  it('is 1 − (2·Σpz+1)/(Σp+Σz+1) per image, averaged', () => {
    // Image 1: p = [1, 1, 0, 0], z = [1, 0, 0, 0] → (2·1+1)/(2+1+1) = 0.75
    // Image 2: perfect, p = z = [0,1,1,0] → (4+1)/(4+1) = 1
    const p = tf.tensor4d([1, 1, 0, 0, 0, 1, 1, 0], [2, 2, 2, 1])
    const z = tf.tensor4d([1, 0, 0, 0, 0, 1, 1, 0], [2, 2, 2, 1])
    expect(val(softDiceLoss(p, z))).toBeCloseTo(1 - (0.75 + 1) / 2, 6)
    // Empty prediction of an empty mask: Dice 1 thanks to the smoothing term, loss 0.
    expect(val(softDiceLoss(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 2, 2, 1])))).toBeCloseTo(0, 6)
  })
})

describe('cceWithLogits', () => {
  it('equals −log softmax of the true class', () => {
    const logits = [1, 2, 3]
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))
    expect(val(cceWithLogits(tf.tensor2d([logits]), tf.tensor2d([[0, 0, 1]])))).toBeCloseTo(lse - 3, 5)
    expect(val(cceWithLogits(tf.tensor2d([logits]), tf.tensor2d([[1, 0, 0]])))).toBeCloseTo(lse - 1, 5)
  })

  it('is stable for large logits and applies class weights', () => {
    expect(val(cceWithLogits(tf.tensor2d([[1000, 0]]), tf.tensor2d([[0, 1]])))).toBeCloseTo(1000, 2)
    // Two items, true classes 0 and 1, weights [1, 3]: weighted mean of their losses.
    const l0 = Math.log(1 + Math.exp(-1)) // logits [1, 0], true 0
    const l1 = Math.log(1 + Math.exp(1)) // logits [1, 0], true 1
    const got = val(cceWithLogits(tf.tensor2d([[1, 0], [1, 0]]), tf.tensor2d([[1, 0], [0, 1]]), [1, 3]))
    expect(got).toBeCloseTo((l0 + 3 * l1) / 4, 5)
  })
})

describe('makeLoss', () => {
  it('bce_dice is the sum of BCE and Dice of the sigmoid', () => {
    const x = tf.tensor4d([2, -2, 0, 1], [1, 2, 2, 1])
    const z = tf.tensor4d([1, 0, 0, 1], [1, 2, 2, 1])
    const both = val(makeLoss('bce_dice', 1, null)(x, z))
    const bce = val(bceWithLogits(x, z))
    const dice = val(softDiceLoss(tf.sigmoid(x) as tf.Tensor4D, z))
    expect(both).toBeCloseTo(bce + dice, 6)
  })

  it('uses softmax CE for several outputs, and rejects mismatched class weights', () => {
    const x = tf.tensor2d([[1, 2, 3]])
    const z = tf.tensor2d([[0, 0, 1]])
    expect(val(makeLoss('bce', 3, null)(x, z))).toBeCloseTo(val(cceWithLogits(x, z)), 6)
    expect(() => makeLoss('bce', 3, [1, 2])).toThrow(/classWeights must have 3 entries/)
    expect(() => makeLoss('bce', 0, null)).toThrow(/outputs/)
  })
})
