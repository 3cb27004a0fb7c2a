// PNG via pngjs. 16-bit samples are kept as stored (skipRescale), so a 16-bit X-ray keeps its range.
import { PNG } from 'pngjs'
import { describeThrown, ImagingError } from './errors'
import { checkDims } from './io'
import { planeFromInterleaved, rasterSet } from './raster'
import type { DecodedImageSet, DecodeOptions } from './types'

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 }

/** Width and height from the IHDR chunk, read before pngjs allocates anything. */
export function readPngHeader(bytes: Uint8Array, file: string): { width: number; height: number; bitDepth: number; colorType: number } {
  if (bytes.length < 33) throw new ImagingError('truncated_header', file, `PNG header is truncated (${bytes.length} bytes, need 33)`)
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15])
  if (type !== 'IHDR') throw new ImagingError('corrupt', file, `PNG does not start with an IHDR chunk (found '${type}')`)
  return { width: v.getInt32(16), height: v.getInt32(20), bitDepth: bytes[24], colorType: bytes[25] }
}

export function decodePng(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  const head = readPngHeader(bytes, file)
  checkDims(file, [head.width, head.height], { maxVoxels: opts.maxVoxels })
  // Deflate cannot shrink data more than ~1032:1, so a header promising far more pixel bytes than
  // that is damaged; refuse it before pngjs allocates the image.
  const channels0 = CHANNELS[head.colorType] ?? 4
  const rawBytes = (Math.ceil((head.width * channels0 * head.bitDepth) / 8) + 1) * head.height
  if (rawBytes > bytes.length * 1100) {
    throw new ImagingError('bad_dims', file, `PNG header claims ${head.width}×${head.height} pixels, impossible in a ${bytes.length}-byte file`)
  }
  let png: ReturnType<typeof PNG.sync.read>
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true })
  } catch (e) {
    const msg = describeThrown(e)
    // A PNG ends with an IEND chunk; without it the file was cut short.
    const n = bytes.length
    const hasEnd = n >= 12 && bytes[n - 8] === 0x49 && bytes[n - 7] === 0x45 && bytes[n - 6] === 0x4e && bytes[n - 5] === 0x44
    const truncated = !hasEnd || /end of (file|stream)|unexpected end|truncat/i.test(msg)
    throw new ImagingError(truncated ? 'truncated_pixels' : 'corrupt', file, `PNG pixel data cannot be decoded (${msg})`, { cause: e })
  }
  const meta = png as unknown as { colorType: number; depth: number; data: Uint8Array | Uint16Array }
  const channels = CHANNELS[meta.colorType] ?? 4
  const colour = meta.colorType === 2 || meta.colorType === 3 || meta.colorType === 6
  // pngjs always hands back RGBA (4 samples per pixel); grey sits in R.
  const pixels = planeFromInterleaved(meta.data, png.width, png.height, 4, colour)
  return rasterSet('png', file, [{ width: png.width, height: png.height, pixels }], meta.depth === 16 ? 'uint16' : 'uint8', {
    channels,
    bitDepth: meta.depth,
  })
}
