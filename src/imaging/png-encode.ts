// Minimal 8-bit grey / RGBA PNG encoder on node:zlib. pngjs encodes correctly but spends ~0.6 ms per
// small image in stream and buffer set-up; import writes a thumbnail for every one of 70,000 IDX
// images, so this path is kept to: signature, IHDR, one IDAT (filter "Up"), IEND.
// pngjs still does every decode.
import { crc32, deflateSync } from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  out.set(data, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** `channels` 1 = grey, 4 = RGBA (8 bits each); `pixels` row-major, channels interleaved. */
export function encodePng8(pixels: Uint8Array, width: number, height: number, channels: 1 | 4 = 1): Buffer {
  const stride = width * channels
  if (pixels.length < stride * height) throw new Error(`PNG encode: ${pixels.length} bytes for ${width}×${height}×${channels}`)
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = channels === 1 ? 0 : 6
  // Filter "Up" (2) on every row: cheap and compresses smooth medical images well.
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1)
    raw[o] = y === 0 ? 0 : 2
    const row = y * stride
    if (y === 0) raw.set(pixels.subarray(0, stride), o + 1)
    else for (let x = 0; x < stride; x++) raw[o + 1 + x] = (pixels[row + x] - pixels[row - stride + x]) & 255
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))])
}
