import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeIdx } from '../../test/fixtures'
import { decodeFile, inspectFile } from './decode'
import { findIdxPairs } from './decode-idx'
import { FASHION_MNIST, hasFile, skipMessage, tempDir } from './test-helpers'

const dir = tempDir()

describe('IDX', () => {
  const n = 5, rows = 3, cols = 4
  const images = Uint8Array.from({ length: n * rows * cols }, (_, i) => (i * 3) % 256)
  const labels = [3, 1, 4, 1, 5]

  it('reads images + labels, gzipped or not, into labelled planes sharing one buffer', async () => {
    for (const gz of ['', '.gz']) {
      const imagesPath = writeIdx(join(dir, `train-images-idx3-ubyte${gz}`), { images, n, rows, cols })
      const labelsPath = writeIdx(join(dir, `train-labels-idx1-ubyte${gz}`), { labels })
      const set = await decodeFile(imagesPath, { labelsPath })
      expect(set).toMatchObject({ format: 'idx', dims: [cols, rows, n], dtype: 'uint8', slope: 1, intercept: 0 })
      expect(set.planes.map((p) => p.label)).toEqual(labels)
      expect(set.planes[2]).toMatchObject({ width: cols, height: rows, sliceIndex: 2 })
      expect(Array.from(set.planes[2].pixels)).toEqual(Array.from(images.subarray(2 * rows * cols, 3 * rows * cols)))
      expect(set.planes[1].pixels.buffer).toBe(set.planes[0].pixels.buffer)
    }
  })

  it('refuses a labels file whose count differs from the images', async () => {
    const imagesPath = writeIdx(join(dir, 'x-images-idx3-ubyte'), { images, n, rows, cols })
    const labelsPath = writeIdx(join(dir, 'x-labels-idx1-ubyte'), { labels: [1, 2] })
    await expect(decodeFile(imagesPath, { labelsPath })).rejects.toThrow('x-labels-idx1-ubyte: labels file has 2 labels but x-images-idx3-ubyte has 5 images')
  })

  it('pairs train-… and t10k-… files into train and test splits', () => {
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images.idx3-ubyte', 'README.md'].map((f) => join('/data', f))
    const { pairs, unpaired } = findIdxPairs(files)
    expect(pairs.map((p) => [p.split, p.imagesPath.split('/').pop(), p.labelsPath.split('/').pop()])).toEqual([
      ['train', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
      ['test', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
    ])
    expect(unpaired).toEqual(['/data/train-images.idx3-ubyte'])
  })

  // Reference values computed with numpy from the gzip files (python3):
  //   a = np.frombuffer(gzip.open(f).read(), np.uint8, offset=16).reshape(-1, 28, 28) → (10000, 28, 28), mean 73.14656658163265
  //   labels[:10] = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7], 1000 of each class; a[0].sum() = 33456
  const t10k = join(FASHION_MNIST, 't10k-images-idx3-ubyte.gz')
  it.skipIf(!hasFile(t10k))(`reads the real Fashion-MNIST test set ${skipMessage(t10k, 'dataset-fashion-mnist')}`, async () => {
    const { pairs } = findIdxPairs(FASHION_MNIST)
    const test = pairs.find((p) => p.split === 'test')!
    const set = await decodeFile(test.imagesPath, { labelsPath: test.labelsPath })
    expect(set.dims).toEqual([28, 28, 10000])
    expect(set.planes.slice(0, 10).map((p) => p.label)).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
    expect(set.planes[0].pixels.reduce((a, b) => a + b, 0)).toBe(33456)
    expect((await inspectFile(test.imagesPath)).mean).toBeCloseTo(73.14656658163265, 9)
  })
})
