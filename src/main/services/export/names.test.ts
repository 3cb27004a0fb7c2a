import { describe, expect, it } from 'vitest'
import { fileStem, imageKey, safeName, shortImageKey, uniqueStems } from './names'

describe('export file names', () => {
  it('derives stems from image, frame and slice names', () => {
    expect(imageKey('train/NORMAL/IM-1.jpeg')).toBe('train_NORMAL_IM-1')
    expect(shortImageKey('train/NORMAL/IM-1.jpeg')).toBe('IM-1')
    expect(imageKey('brain.nii.gz[7]')).toBe('brain_007')
    expect(shortImageKey('scans/brain.nii.gz[12]')).toBe('brain_012')
    expect(imageKey('t10k-images-idx3-ubyte.gz#3')).toBe('t10k-images-idx3-ubyte_003')
    expect(fileStem('/x/y/case 1.nii.gz')).toBe('case 1')
    expect(safeName('case 1 (left)')).toBe('case_1_left')
    expect(safeName('...')).toBe('image')
  })

  it('keeps stems short where they are unique and never lets two files collide', () => {
    expect(uniqueStems(['a/x.png', 'b/x.png', 'c/y.png'])).toEqual(['a_x', 'b_x', 'y'])
    expect(uniqueStems(['a_x.png', 'a/x.png', 'b/x.png'])).toEqual(['a_x', 'a_x_2', 'b_x'])
  })
})
