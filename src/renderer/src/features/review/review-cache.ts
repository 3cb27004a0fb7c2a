// What the segmentation review needs for one image (pixels, prediction, current ground truth),
// fetched in parallel and kept for the last few images so stepping back and forth is instant;
// the next queue item is fetched ahead while the user looks at the current one.
import { api } from '../../api'
import type { ImagePixels } from '../../../../shared/contract'
import type { MaskVersion } from '../../../../shared/domain'
import type { PredictionDetail } from '../../../../shared/views'

export interface ReviewImage {
  imageId: number
  pixels: ImagePixels
  prediction: PredictionDetail
  truth: Uint8Array | null
  truthVersion: MaskVersion | null
}

export class ReviewImageCache {
  private readonly entries = new Map<number, Promise<ReviewImage>>()

  constructor(private readonly projectId: string, private readonly runId: string, private readonly capacity = 6) {}

  get(imageId: number): Promise<ReviewImage> {
    const hit = this.entries.get(imageId)
    if (hit) {
      // Refresh its place in the LRU order.
      this.entries.delete(imageId)
      this.entries.set(imageId, hit)
      return hit
    }
    const { projectId, runId } = this
    const p = Promise.all([
      api.images.pixels({ projectId, imageId }),
      api.predictions.get({ projectId, runId, imageId }),
      api.masks.current({ projectId, imageId }),
    ]).then(([pixels, prediction, mask]) => ({ imageId, pixels, prediction, truth: mask.labels, truthVersion: mask.version }))
    p.catch(() => this.entries.delete(imageId))
    this.entries.set(imageId, p)
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!)
    return p
  }

  prefetch(imageId: number | undefined) {
    if (imageId !== undefined && !this.entries.has(imageId)) this.get(imageId).catch(() => {})
  }

  /** After accept: the image's ground truth changed. */
  invalidate(imageId: number) {
    this.entries.delete(imageId)
  }
}
