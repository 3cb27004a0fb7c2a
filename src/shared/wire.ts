// JSON encoding that carries typed arrays (pixels, masks, thumbnails) over the WebSocket transport.
// Electron IPC clones typed arrays natively, so only the serve transport uses this.

type TypedArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array | Float64Array | Uint8ClampedArray

const CTORS: Record<string, new (b: ArrayBuffer) => TypedArray> = {
  Uint8Array, Uint16Array, Int16Array, Int32Array, Float32Array, Float64Array, Uint8ClampedArray,
}

interface TaggedBinary { $bin: string; type: string }

export function encodeWire(value: unknown): string {
  // `this[key]` is the value before toJSON: a Node Buffer would otherwise arrive as {type, data}.
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const original = this[key]
    if (ArrayBuffer.isView(original) && !(original instanceof DataView)) {
      const arr = original as TypedArray
      const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength)
      // A Buffer is a Uint8Array to the other side.
      const type = CTORS[arr.constructor.name] ? arr.constructor.name : 'Uint8Array'
      return { $bin: bytesToBase64(bytes), type } satisfies TaggedBinary
    }
    return v
  })
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && typeof (v as TaggedBinary).$bin === 'string') {
      const { $bin, type } = v as TaggedBinary
      const Ctor = CTORS[type] ?? Uint8Array
      const bytes = base64ToBytes($bin)
      return new Ctor(bytes.buffer as ArrayBuffer)
    }
    return v
  })
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Uint8Array(128)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i

function bytesToBase64(bytes: Uint8Array): string {
  const g = globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } }
  if (g.Buffer) return g.Buffer.from(bytes).toString('base64')
  let out = ''
  const CHUNK = 0x8000
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
  }
  return btoa(out)
}

function base64ToBytes(s: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }
  if (g.Buffer) {
    const b = g.Buffer.from(s, 'base64')
    // Copy so the result owns an aligned buffer (Float32Array needs 4-byte alignment).
    return new Uint8Array(b)
  }
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}
