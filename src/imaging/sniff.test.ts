import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sniffFormat } from './sniff'

const CT_SMALL = '/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm'

describe('sniffFormat', () => {
  it('takes the DICM magic over a TIFF-looking preamble', () => {
    const b = new Uint8Array(200)
    b.set([0x49, 0x49, 0x2a, 0x00], 0)
    b.set([0x44, 0x49, 0x43, 0x4d], 128)
    expect(sniffFormat(b)).toBe('dicom')
  })
  it.skipIf(!existsSync(CT_SMALL))('recognises pydicom\'s CT_small.dcm (preamble starts with II*) as DICOM', () => {
    expect(sniffFormat(readFileSync(CT_SMALL))).toBe('dicom')
  })
})
