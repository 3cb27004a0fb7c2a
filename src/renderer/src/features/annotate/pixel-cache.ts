// Decoded images for the editor, by image id: a small LRU of promises so the next/previous image
// and the neighbouring slices can be fetched while the user looks at the current one, and a
// switch finds its pixels already converted.
import type { ImagePixels } from '../../../../shared/contract'
import type { EditorImage } from '../../canvas'

/** The editor takes Float32 values; stored images may be 8/16/32-bit integers or float32. */
export function toEditorImage(p: ImagePixels): EditorImage {
  const pixels = p.data instanceof Float32Array ? p.data : new Float32Array(p.data)
  if (pixels.length !== p.width * p.height) {
    throw new Error(`image pixels: ${pixels.length} values for ${p.width}×${p.height}`)
  }
  return { width: p.width, height: p.height, pixels }
}

export class PixelCache {
  private readonly entries = new Map<number, Promise<EditorImage>>()

  constructor(
    private readonly load: (imageId: number) => Promise<ImagePixels>,
    private readonly capacity = 10,
  ) {}

  get(imageId: number): Promise<EditorImage> {
    let p = this.entries.get(imageId)
    if (p) {
      // Most recently used goes last.
      this.entries.delete(imageId)
      this.entries.set(imageId, p)
      return p
    }
    p = this.load(imageId).then(toEditorImage)
    p.catch(() => this.entries.delete(imageId))
    this.entries.set(imageId, p)
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
    return p
  }

  /** Start loading without waiting (errors surface when the image is opened). */
  prefetch(ids: (number | null | undefined)[]): void {
    for (const id of ids) if (id != null && !this.entries.has(id)) this.get(id).catch(() => {})
  }
}
