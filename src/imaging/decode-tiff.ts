// TIFF via utif2: 8/16/32-bit grey, RGB, palette and bilevel, every page of one size as a plane.
// Uncompressed strips are checked against the file size first (utif2 would silently read zeros).
import UTIFModule from 'utif2'
import { describeThrown, ImagingError } from './errors'
import { checkDims } from './io'
import { planeFromInterleaved, rasterSet } from './raster'
import type { DecodedImageSet, DecodedPlane, DecodeOptions } from './types'

const UTIF = UTIFModule as typeof import('utif2')
type Ifd = import('utif2').IFD

function tag(ifd: Ifd, id: number): number | undefined {
  const v = ifd[`t${id}`] as number[] | undefined
  return v ? v[0] : undefined
}

// Byte size of each TIFF field type (1 BYTE … 13 IFD).
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4]
const SUB_IFD_TAGS = new Set([330, 34665, 34853, 40965])

/**
 * Checks the directory structure before utif2 walks it: every IFD and every tag's values must lie
 * inside the file, and the IFD chain must not loop. utif2 trusts these counts, so a damaged count
 * made it read billions of values past the end (tens of seconds) before failing.
 */
export function checkTiffStructure(bytes: Uint8Array, file: string): void {
  if (bytes.length < 8) throw new ImagingError('truncated_header', file, `TIFF header is truncated (${bytes.length} bytes)`)
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const le = bytes[0] === 0x49
  if (v.getUint16(2, le) === 43) throw new ImagingError('unsupported_format', file, 'BigTIFF is not supported')
  const visited = new Set<number>()
  const walk = (first: number, depth: number) => {
    let at = first
    while (at !== 0) {
      if (visited.has(at)) throw new ImagingError('corrupt', file, `TIFF directory chain loops back to byte ${at}`)
      visited.add(at)
      if (visited.size > 4096) throw new ImagingError('corrupt', file, 'TIFF has more than 4096 directories')
      if (at + 2 > bytes.length) throw new ImagingError('truncated_header', file, `TIFF directory at byte ${at} lies past the end of the file (${bytes.length} bytes)`)
      const count = v.getUint16(at, le)
      const end = at + 2 + count * 12
      if (end + 4 > bytes.length) throw new ImagingError('truncated_header', file, `TIFF directory at byte ${at} (${count} entries) runs past the end of the file (${bytes.length} bytes)`)
      for (let e = at + 2; e < end; e += 12) {
        const tagId = v.getUint16(e, le)
        const type = v.getUint16(e + 2, le)
        const n = v.getUint32(e + 4, le)
        const size = (TYPE_SIZE[type] ?? 0) * n
        if (type === 0 || type > 13) throw new ImagingError('corrupt', file, `TIFF tag ${tagId} has unknown field type ${type}`)
        const valueAt = size > 4 ? v.getUint32(e + 8, le) : e + 8
        if (valueAt + size > bytes.length) throw new ImagingError('truncated_header', file, `TIFF tag ${tagId} values (${size} bytes at ${valueAt}) lie past the end of the file (${bytes.length} bytes)`)
        if (SUB_IFD_TAGS.has(tagId) && depth < 3) {
          for (let k = 0; k < Math.min(n, 64); k++) {
            const sub = size > 4 ? v.getUint32(valueAt + 4 * k, le) : v.getUint32(e + 8, le)
            if (sub !== 0 && !visited.has(sub)) walk(sub, depth + 1)
          }
        }
      }
      at = v.getUint32(end, le)
      if (depth > 0) return // sub-IFDs: the first directory is enough for utif2
    }
  }
  walk(v.getUint32(4, le), 0)
}

export function decodeTiff(bytes: Uint8Array, file: string, opts: DecodeOptions = {}): DecodedImageSet {
  if (bytes.length < 16) throw new ImagingError('truncated_header', file, `TIFF header is truncated (${bytes.length} bytes)`)
  checkTiffStructure(bytes, file)
  // utif2 wants an ArrayBuffer: hand over the file's own when it is exactly the file, else copy once.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  const buf = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer
  let ifds: Ifd[]
  try {
    ifds = UTIF.decode(buf).filter((d) => d['t256'] !== undefined)
  } catch (e) {
    throw new ImagingError('truncated_header', file, `TIFF directory cannot be read (${describeThrown(e)})`, { cause: e })
  }
  if (ifds.length === 0) throw new ImagingError('truncated_header', file, 'TIFF holds no image directory')

  const planes: DecodedPlane[] = []
  const warnings: string[] = []
  let dtype = 'uint8'
  let channels = 1
  const first = ifds[0]
  const width = tag(first, 256)!
  const height = tag(first, 257) ?? -1
  for (const [k, ifd] of ifds.entries()) {
    const w = tag(ifd, 256)!
    const h = tag(ifd, 257) ?? -1
    if (k > 0 && (w !== width || h !== height)) {
      warnings.push(`page ${k + 1} is ${w}×${h}, unlike page 1 (${width}×${height}); skipped`)
      continue
    }
    checkDims(file, [w, h], { maxVoxels: opts.maxVoxels })
    checkStrips(ifd, bytes.length, file, w, h)
    try {
      (UTIF.decodeImage as (b: ArrayBuffer, i: Ifd, all: Ifd[]) => void)(buf, ifd, ifds)
    } catch (e) {
      throw new ImagingError('corrupt', file, `TIFF page ${k + 1} cannot be decoded (${describeThrown(e)})`, { cause: e })
    }
    const page = pagePlane(ifd, w, h, file)
    if (k === 0) { dtype = page.dtype; channels = page.channels }
    planes.push({ width: w, height: h, pixels: page.pixels, sliceIndex: planes.length })
  }
  return rasterSet('tiff', file, planes, dtype, { channels, pages: ifds.length }, warnings)
}

function checkStrips(ifd: Ifd, size: number, file: string, w: number, h: number) {
  const compression = tag(ifd, 259) ?? 1
  const offsets = (ifd['t273'] ?? ifd['t324']) as number[] | undefined
  const counts = (ifd['t279'] ?? ifd['t325']) as number[] | undefined
  if (!offsets) throw new ImagingError('truncated_header', file, 'TIFF page has no strip or tile offsets')
  if (compression === 1) {
    const bps = tag(ifd, 258) ?? 1
    const spp = tag(ifd, 277) ?? 1
    const need = Math.ceil((w * bps * spp) / 8) * h
    const end = offsets.length === 1 ? offsets[0] + need : Math.max(...offsets.map((o, i) => o + (counts?.[i] ?? 0)))
    if (end > size) throw new ImagingError('truncated_pixels', file, `TIFF pixel data is truncated: strips end at byte ${end}, the file has ${size}`)
  } else if (counts) {
    for (let i = 0; i < offsets.length; i++) {
      if (offsets[i] + counts[i] > size) throw new ImagingError('truncated_pixels', file, `TIFF pixel data is truncated: strip ${i} ends at byte ${offsets[i] + counts[i]}, the file has ${size}`)
    }
  }
}

function pagePlane(ifd: Ifd, w: number, h: number, file: string): { pixels: Float32Array; dtype: string; channels: number } {
  const bps = tag(ifd, 258) ?? 1
  const spp = tag(ifd, 277) ?? 1
  const photometric = tag(ifd, 262) ?? 1
  const format = tag(ifd, 339) ?? 1 // 1 unsigned, 2 signed, 3 float
  const data = ifd.data
  const colour = photometric === 2 && spp >= 3
  const isLE = (ifd as unknown as { isLE: boolean }).isLE
  let pixels: Float32Array
  let dtype: string
  if (photometric <= 2 && bps === 8) {
    dtype = format === 2 ? 'int8' : 'uint8'
    const src = format === 2 ? new Int8Array(data.buffer, data.byteOffset, w * h * spp) : data
    pixels = planeFromInterleaved(src as Uint8Array, w, h, spp, colour)
  } else if (photometric <= 2 && bps === 16) {
    // utif2 has already swapped 16-bit samples to little-endian.
    dtype = format === 2 ? 'int16' : 'uint16'
    const n = w * h * spp
    const aligned = data.byteOffset % 2 === 0 ? data : new Uint8Array(data)
    const src = format === 2 ? new Int16Array(aligned.buffer, aligned.byteOffset, n) : new Uint16Array(aligned.buffer, aligned.byteOffset, n)
    pixels = planeFromInterleaved(src, w, h, spp, colour)
  } else if (photometric <= 2 && bps === 32) {
    dtype = format === 3 ? 'float32' : format === 2 ? 'int32' : 'uint32'
    const n = w * h * spp
    const dv = new DataView(data.buffer, data.byteOffset, n * 4)
    const src = new Float32Array(n)
    for (let i = 0; i < n; i++) src[i] = format === 3 ? dv.getFloat32(i * 4, isLE) : format === 2 ? dv.getInt32(i * 4, isLE) : dv.getUint32(i * 4, isLE)
    pixels = planeFromInterleaved(src, w, h, spp, colour)
  } else {
    // Bilevel, 4-bit, palette, CMYK…: let utif2 render RGBA8.
    dtype = 'uint8'
    let rgba: Uint8Array
    try {
      rgba = UTIF.toRGBA8(ifd)
    } catch (e) {
      throw new ImagingError('unsupported_datatype', file, `TIFF with ${bps}-bit samples and photometric ${photometric} is not supported (${describeThrown(e)})`)
    }
    pixels = planeFromInterleaved(rgba, w, h, 4, photometric === 3 || spp >= 3)
    return { pixels, dtype, channels: photometric === 3 ? 3 : spp }
  }
  // WhiteIsZero: invert so bright means more signal, as everywhere else.
  if (photometric === 0) {
    const max = bps === 8 ? 255 : bps === 16 ? 65535 : 1
    for (let i = 0; i < pixels.length; i++) pixels[i] = max - pixels[i]
  }
  return { pixels, dtype, channels: spp }
}
