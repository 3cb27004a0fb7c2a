// "Fill between slices" for volumes: interpolate the label maps of the slices strictly between
// two key slices (shape-based, see interpolate.ts), write them, and record the whole fill as ONE
// undoable step in the volume's history.

import { diffBbox } from './bbox'
import type { SliceChange, SliceTouched, VolumeHistory } from './history/volume-history'
import { interpolateSlices } from './interpolate'

export interface FillBetweenOptions {
  /** 'replace' (default): in-between slices become the interpolation. 'merge': only background pixels are filled. */
  mode?: 'replace' | 'merge'
}

/**
 * `slice(i)` returns slice i's live label map (width × height); the maps of slices between
 * keyA and keyB are modified in place. Returns the slices that changed with their boxes.
 */
export function fillBetweenSlices(
  slice: (index: number) => Uint8Array,
  keyA: number,
  keyB: number,
  width: number,
  height: number,
  history?: VolumeHistory,
  opts: FillBetweenOptions = {},
): SliceTouched[] {
  const lo = Math.min(keyA, keyB)
  const hi = Math.max(keyA, keyB)
  if (hi - lo < 2) return []
  const maps = interpolateSlices(slice(lo), slice(hi), width, height, hi - lo - 1)
  const changes: SliceChange[] = []
  maps.forEach((map, k) => {
    const index = lo + 1 + k
    const live = slice(index)
    let next = map
    if (opts.mode === 'merge') {
      next = live.slice()
      for (let i = 0; i < next.length; i++) if (next[i] === 0) next[i] = map[i]
    }
    const bbox = diffBbox(live, next, width, height)
    if (!bbox) return
    const before = live.slice()
    live.set(next)
    changes.push({ slice: index, bbox, before, after: live })
  })
  history?.record(changes, 'interpolate')
  return changes.map((c) => ({ slice: c.slice, bbox: c.bbox }))
}
