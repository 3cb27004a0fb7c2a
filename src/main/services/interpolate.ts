// Fill between slices of a volume: shape-based interpolation from two key slices, written as
// new mask versions of every slice in between, in one transaction (one step for the user).
import type { MaskVersion } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import { interpolateSlices } from '../../imaging/interpolate'
import type { Project } from './project'
import { saveMask } from './masks'

interface SliceRow { id: number; volume_id: number | null; slice_index: number | null; width: number; height: number; current_mask_id: number | null }

export function interpolateMasks(project: Project, fromImageId: number, toImageId: number, author: string): MaskVersion[] {
  const get = project.db.prepare('SELECT id, volume_id, slice_index, width, height, current_mask_id FROM images WHERE id = ?')
  const a = get.get(fromImageId) as SliceRow | undefined
  const b = get.get(toImageId) as SliceRow | undefined
  if (!a || !b) throw new RadlabError('not_found', `image ${!a ? fromImageId : toImageId} does not exist`)
  if (a.volume_id === null || a.volume_id !== b.volume_id) throw new RadlabError('invalid_input', 'fill between slices needs two slices of the same volume')
  if (a.current_mask_id === null || b.current_mask_id === null) throw new RadlabError('invalid_input', 'both key slices need a mask: paint the first and the last slice, then fill between them')
  const [lo, hi] = a.slice_index! <= b.slice_index! ? [a, b] : [b, a]
  const between = project.db.prepare('SELECT id, volume_id, slice_index, width, height, current_mask_id FROM images WHERE volume_id = ? AND slice_index > ? AND slice_index < ? ORDER BY slice_index')
    .all(lo.volume_id, lo.slice_index, hi.slice_index) as SliceRow[]
  if (between.length === 0) return []
  const la = project.repos.masks.get(lo.current_mask_id!)!.labels
  const lb = project.repos.masks.get(hi.current_mask_id!)!.labels
  const filled = interpolateSlices(la, lb, lo.width, lo.height, between.length)
  return project.db.transaction(() =>
    between.map((s, k) => saveMask(project, { imageId: s.id, parentId: s.current_mask_id, labels: filled[k], author, source: 'human' })),
  )()
}
