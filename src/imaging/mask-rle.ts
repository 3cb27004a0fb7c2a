// Label-map codec for mask versions and undo diffs. Masks are mostly background with a few
// compact blobs, so run-length coding keeps a 512×512 mask in a few hundred bytes.
// Layout: "RLE1" | u32 width | u32 height | repeated (varint run length, u8 value).

const MAGIC = [0x52, 0x4c, 0x45, 0x31]

export class MaskCodecError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MaskCodecError'
  }
}

export function encodeMaskRle(labels: Uint8Array, width: number, height: number): Uint8Array {
  if (labels.length !== width * height) {
    throw new MaskCodecError(`mask has ${labels.length} pixels, expected ${width}×${height}=${width * height}`)
  }
  const out: number[] = [...MAGIC]
  pushU32(out, width)
  pushU32(out, height)
  let i = 0
  while (i < labels.length) {
    const value = labels[i]
    let j = i + 1
    while (j < labels.length && labels[j] === value) j++
    pushVarint(out, j - i)
    out.push(value)
    i = j
  }
  return Uint8Array.from(out)
}

export function decodeMaskRle(bytes: Uint8Array): { width: number; height: number; labels: Uint8Array } {
  if (bytes.length < 12 || MAGIC.some((b, k) => bytes[k] !== b)) throw new MaskCodecError('not an RLE1 mask')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const width = view.getUint32(4, true)
  const height = view.getUint32(8, true)
  if (width === 0 || height === 0 || width * height > 1 << 28) {
    throw new MaskCodecError(`RLE mask has invalid size ${width}×${height}`)
  }
  const labels = new Uint8Array(width * height)
  let pos = 12
  let at = 0
  while (pos < bytes.length) {
    let run = 0
    let shift = 0
    for (;;) {
      if (pos >= bytes.length) throw new MaskCodecError('RLE mask is truncated')
      const b = bytes[pos++]
      run += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) break
      shift += 7
    }
    if (pos >= bytes.length) throw new MaskCodecError('RLE mask is truncated')
    const value = bytes[pos++]
    if (at + run > labels.length) throw new MaskCodecError('RLE mask runs past its declared size')
    if (value !== 0) labels.fill(value, at, at + run)
    at += run
  }
  if (at !== labels.length) throw new MaskCodecError(`RLE mask covers ${at} of ${labels.length} pixels`)
  return { width, height, labels }
}

/** Number of non-zero pixels: the mask's area, kept on each version row. */
export function maskArea(labels: Uint8Array): number {
  let n = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) n++
  return n
}

function pushU32(out: number[], v: number) {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
}

function pushVarint(out: number[], v: number) {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
}
