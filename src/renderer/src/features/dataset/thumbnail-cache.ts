// Thumbnail blob URLs for the grid: fetched in batches for what is on screen, kept in an LRU,
// and revoked when evicted (or when the page goes away) so long scrolls do not leak memory.

export type FetchThumbs = (ids: number[]) => Promise<{ id: number; png: Uint8Array }[]>

export class ThumbnailCache {
  private readonly urls = new Map<number, string>()
  private readonly inFlight = new Set<number>()
  private queue: number[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private running = 0
  private disposed = false

  constructor(
    private readonly fetchThumbs: FetchThumbs,
    private readonly onChange: () => void,
    readonly capacity = 1200,
    private readonly batchSize = 96,
    private readonly maxConcurrent = 2,
  ) {}

  /** The blob URL, if loaded; marks it recently used. */
  url(id: number): string | undefined {
    const u = this.urls.get(id)
    if (u !== undefined) {
      this.urls.delete(id)
      this.urls.set(id, u)
    }
    return u
  }

  get size(): number {
    return this.urls.size
  }

  /**
   * Asks for the thumbnails now on screen. It replaces earlier wishes that have not been sent yet:
   * after a fast scroll, rows that flew past are never fetched.
   */
  request(ids: number[]): void {
    if (this.disposed) return
    this.queue = ids.filter((id) => !this.urls.has(id) && !this.inFlight.has(id))
    if (this.queue.length && !this.timer) this.timer = setTimeout(() => { this.timer = null; this.pump() }, 0)
  }

  dispose(): void {
    this.disposed = true
    if (this.timer) clearTimeout(this.timer)
    for (const u of this.urls.values()) URL.revokeObjectURL(u)
    this.urls.clear()
  }

  private pump(): void {
    while (!this.disposed && this.running < this.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.batchSize)
      void this.fetchBatch(batch)
    }
  }

  private async fetchBatch(ids: number[]): Promise<void> {
    this.running++
    for (const id of ids) this.inFlight.add(id)
    try {
      const got = await this.fetchThumbs(ids)
      if (this.disposed) return
      for (const { id, png } of got) {
        const old = this.urls.get(id)
        if (old) URL.revokeObjectURL(old)
        this.urls.set(id, URL.createObjectURL(new Blob([png as BlobPart], { type: 'image/png' })))
      }
      this.evict()
    } catch {
      // A failed batch is simply asked for again the next time those tiles are on screen.
    } finally {
      for (const id of ids) this.inFlight.delete(id)
      this.running--
    }
    if (!this.disposed) {
      this.onChange()
      this.pump()
    }
  }

  private evict(): void {
    for (const [id, u] of this.urls) {
      if (this.urls.size <= this.capacity) break
      URL.revokeObjectURL(u)
      this.urls.delete(id)
    }
  }
}
