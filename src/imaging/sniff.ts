// Format detection by magic bytes, never by file extension: a mislabelled file still decodes,
// and a file that claims to be an image but is not is refused with what it actually starts with.
import type { ImageFormat } from './types'

export type SniffResult = ImageFormat | 'gzip' | null

export function sniffFormat(b: Uint8Array): SniffResult {
  const n = b.length
  // DICM first: a DICOM preamble may itself be a TIFF header (dual-personality files, pydicom's CT_small.dcm).
  if (n >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d) return 'dicom'
  if (n >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png'
  if (n >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (n >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'tiff'
  if (n >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip'
  if (looksLikeNifti(b)) return 'nifti'
  if (looksLikeIdx(b)) return 'idx'
  return null
}

/** sizeof_hdr is 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order; the magic is checked when present. */
export function looksLikeNifti(b: Uint8Array): boolean {
  if (b.length < 4) return false
  const le = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)
  const be = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]
  if (le === 348 || be === 348) {
    if (b.length >= 348) return isMagic(b, 344, 0x31)
    return true // short: a truncated NIfTI-1 header, reported as such by the decoder
  }
  if (le === 540 || be === 540) {
    if (b.length >= 8) return isMagic(b, 4, 0x32)
    return true
  }
  return false
}

function isMagic(b: Uint8Array, at: number, version: number): boolean {
  // 'n+1\0' (single file) or 'ni1\0' (.hdr/.img pair, which we do not read but still recognise)
  return b[at] === 0x6e && (b[at + 1] === 0x2b || b[at + 1] === 0x69) && b[at + 2] === version && b[at + 3] === 0
}

/** Two zero bytes, a type byte, 1–4 dims. The type is checked by the decoder, so an odd one gets its own message. */
export function looksLikeIdx(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] !== 0 && b[3] >= 1 && b[3] <= 4
}

export function describeStart(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ')
}
