// Timing hooks for `npm run bench -- annotate`. The editor records, per pointer event, the time its
// handler spent (mask update + offscreen repaint, and the layer redraw when `syncDraw` is on) and,
// per layer redraw, the draw time. The bench page reads them from `window.__radlabPerf`:
//
//   __radlabPerf.syncDraw = true      // draw inside the handler so one sample = update + redraw
//   __radlabPerf.clear()
//   … drive the mouse …
//   __radlabPerf.summary()            // { pointer: {count, p50, p95, max, mean}, draw: {…} }
//
// Image switch: t0 = performance.now(); show the next image; wait until
// __radlabPerf.lastImageShownAt > t0 (or the container's data-images-shown increments);
// switch time = lastImageShownAt − t0 (the frame in which Konva drew the new image and mask).

export class RingBuffer {
  private buf: Float64Array
  private next = 0
  private filled = 0

  constructor(readonly capacity = 8192) {
    this.buf = new Float64Array(capacity)
  }

  push(v: number): void {
    this.buf[this.next] = v
    this.next = (this.next + 1) % this.capacity
    if (this.filled < this.capacity) this.filled++
  }

  values(): number[] {
    const out: number[] = []
    const start = this.filled < this.capacity ? 0 : this.next
    for (let k = 0; k < this.filled; k++) out.push(this.buf[(start + k) % this.capacity])
    return out
  }

  get size(): number {
    return this.filled
  }

  clear(): void {
    this.next = 0
    this.filled = 0
  }
}

export interface TimingSummary {
  count: number
  p50: number
  p95: number
  max: number
  mean: number
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

export function summarize(values: readonly number[]): TimingSummary {
  const n = values.length
  return {
    count: n,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: n ? Math.max(...values) : NaN,
    mean: n ? values.reduce((a, b) => a + b, 0) / n : NaN,
  }
}

export interface PerfRecorder {
  /** Per pointer event handled by the active tool. */
  pointer: RingBuffer
  /** Per redraw of the mask layer. */
  draw: RingBuffer
  /** When true the editor redraws synchronously in the pointer handler (bench mode). */
  syncDraw: boolean
  /** Images shown so far, and performance.now() of the frame in which the latest was drawn. */
  imagesShown: number
  lastImageShownAt: number
  summary(): { pointer: TimingSummary; draw: TimingSummary }
  clear(): void
}

export function createPerfRecorder(capacity = 8192): PerfRecorder {
  const pointer = new RingBuffer(capacity)
  const draw = new RingBuffer(capacity)
  return {
    pointer,
    draw,
    syncDraw: false,
    imagesShown: 0,
    lastImageShownAt: 0,
    summary: () => ({ pointer: summarize(pointer.values()), draw: summarize(draw.values()) }),
    clear() {
      pointer.clear()
      draw.clear()
    },
  }
}

declare global {
  // eslint-disable-next-line no-var
  var __radlabPerf: PerfRecorder | undefined
}

/** The page-wide recorder, created on first use and exposed as `window.__radlabPerf`. */
export function perfRecorder(): PerfRecorder {
  if (!globalThis.__radlabPerf) globalThis.__radlabPerf = createPerfRecorder()
  return globalThis.__radlabPerf
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now()
}
