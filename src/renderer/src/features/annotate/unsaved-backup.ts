// Unsaved maps kept in the window's storage while a save cannot go through (retrying, conflict,
// refused) and at page hide, so a reload or a crashed window does not lose them: the page offers
// them again when the image is opened. Entries are RLE-coded (a 1024² mask is a few KB).
// Storage is per origin: Electron's is stable; under `radlab serve` it lasts while the URL does.
import { decodeMaskRle, encodeMaskRle } from '../../../../imaging/mask-rle'

export interface UnsavedEntry {
  /** The version the unsaved map was built on (its save's parent). */
  parentId: number | null
  labels: Uint8Array
  savedAt: string
}

interface Stored {
  parentId: number | null
  rle: string
  savedAt: string
}

export class UnsavedBackup {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    private readonly prefix: string,
  ) {}

  write(imageId: number, parentId: number | null, labels: Uint8Array): void {
    if (!this.storage) return
    const entry: Stored = { parentId, rle: toBase64(encodeMaskRle(labels, labels.length, 1)), savedAt: new Date().toISOString() }
    try {
      this.storage.setItem(this.prefix + imageId, JSON.stringify(entry))
    } catch {
      // Storage full or disabled: the map is still in memory and the status says it is not saved.
    }
  }

  read(imageId: number): UnsavedEntry | null {
    const raw = this.storage?.getItem(this.prefix + imageId)
    if (!raw) return null
    try {
      const s = JSON.parse(raw) as Stored
      return { parentId: s.parentId, labels: decodeMaskRle(fromBase64(s.rle)).labels, savedAt: s.savedAt }
    } catch {
      this.clear(imageId)
      return null
    }
  }

  clear(imageId: number): void {
    try {
      this.storage?.removeItem(this.prefix + imageId)
    } catch {
      // nothing to do
    }
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}
