// Fetches the dataset browser's rows page by page, only where the grid looks. Pages far from
// the current view are dropped so a 100,000-image project keeps a bounded amount in memory.
import type { ImageSummary } from '../../../../shared/domain'

export type FetchPage = (offset: number, limit: number) => Promise<{ total: number; items: ImageSummary[] }>

export class ImagePager {
  total: number | null = null
  error: string | null = null
  private readonly pages = new Map<number, ImageSummary[]>()
  private readonly pending = new Set<number>()
  private disposed = false

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onChange: () => void,
    readonly pageSize = 200,
    private readonly maxPages = 60,
  ) {}

  get(index: number): ImageSummary | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize]
  }

  /** Index of an image id among the loaded pages, or -1. */
  indexOf(id: number): number {
    for (const [page, items] of this.pages) {
      const i = items.findIndex((it) => it.id === id)
      if (i >= 0) return page * this.pageSize + i
    }
    return -1
  }

  /** Makes sure the rows [start, end) are loaded or loading. */
  ensure(start: number, end: number): void {
    if (this.disposed) return
    const last = this.total === null ? Math.floor(start / this.pageSize) : Math.floor(Math.max(0, Math.min(end, this.total) - 1) / this.pageSize)
    for (let p = Math.floor(Math.max(0, start) / this.pageSize); p <= last; p++) {
      if (!this.pages.has(p) && !this.pending.has(p)) void this.load(p)
    }
    this.evictAround(Math.floor(start / this.pageSize))
  }

  dispose(): void {
    this.disposed = true
  }

  private async load(page: number): Promise<void> {
    this.pending.add(page)
    try {
      const r = await this.fetchPage(page * this.pageSize, this.pageSize)
      if (this.disposed) return
      this.total = r.total
      this.pages.set(page, r.items)
      this.error = null
    } catch (e) {
      if (this.disposed) return
      this.error = e instanceof Error ? e.message : String(e)
    } finally {
      this.pending.delete(page)
    }
    this.onChange()
  }

  private evictAround(centre: number): void {
    if (this.pages.size <= this.maxPages) return
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))
    for (const p of far.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p)
  }
}
