// A volume being annotated: every slice's label map in memory (fill between slices and undo reach
// slices other than the shown one), the version each slice was loaded at, and ONE undo history
// across slices (canvas VolumeHistory), so "fill between slices" is a single undoable step.
import type { RadlabApi } from '../../../../shared/contract'
import { VolumeHistory } from '../../canvas'

export class VolumeSession {
  readonly history: VolumeHistory

  constructor(
    readonly volumeId: number,
    readonly name: string,
    readonly sliceIds: number[],
    readonly width: number,
    readonly height: number,
    /** Page-owned maps; the shown slice's entry is kept equal to the editor's map on every commit. */
    readonly maps: Uint8Array[],
    /** Current version id per slice when loaded (the first parent of that slice's autosave). */
    readonly versions: (number | null)[],
    /** Per slice: why its stored mask cannot be shown (wrong size), else null. */
    readonly errors: (string | null)[],
  ) {
    this.history = new VolumeHistory(width, height)
  }

  /** For fillBetweenSlices / VolumeHistory: slice i's live map. */
  readonly getSlice = (i: number): Uint8Array => this.maps[i]

  indexOf(imageId: number): number {
    return this.sliceIds.indexOf(imageId)
  }

  /** Slices (0-based) whose map has any label, for the fill-between defaults. */
  paintedSlices(): number[] {
    const out: number[] = []
    this.maps.forEach((m, i) => {
      if (m.some((v) => v !== 0)) out.push(i)
    })
    return out
  }

  static async load(api: RadlabApi, projectId: string, volumeId: number, width: number, height: number): Promise<VolumeSession> {
    const vol = await api.images.volume({ projectId, volumeId })
    const n = width * height
    const results = await Promise.all(
      vol.sliceIds.map((imageId) =>
        api.masks.current({ projectId, imageId }).then(
          (r) => ({ labels: r.labels, version: r.version?.id ?? null, error: null as string | null }),
          (e: Error) => ({ labels: null, version: null, error: e.message }),
        ),
      ),
    )
    const maps = results.map((r) => (r.labels && r.labels.length === n ? r.labels.slice() : new Uint8Array(n)))
    const errors = results.map((r) =>
      r.error ?? (r.labels && r.labels.length !== n ? `stored mask has ${r.labels.length} pixels; the slice is ${width}×${height}` : null),
    )
    return new VolumeSession(volumeId, vol.name, vol.sliceIds, width, height, maps, results.map((r) => r.version), errors)
  }
}
