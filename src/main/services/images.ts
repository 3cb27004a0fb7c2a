import type { ImagePixels } from '../../shared/contract'
import type { ImageFilter } from '../../shared/contract'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'
import { unpackPixels } from './pixel-store'

export function imagePixels(project: Project, imageId: number): ImagePixels {
  const row = project.repos.images.row(imageId)
  const px = project.repos.images.pixels(imageId)
  if (!row || !px) throw new RadlabError('not_found', `image ${imageId} does not exist`)
  return {
    width: row.width,
    height: row.height,
    dtype: px.dtype as ImagePixels['dtype'],
    data: unpackPixels(px.dtype, px.data),
    window: row.window_center !== null && row.window_width !== null ? { center: row.window_center, width: row.window_width } : null,
    min: row.min,
    max: row.max,
  }
}

export function neighbours(project: Project, imageId: number, filter: ImageFilter | undefined) {
  const ids = project.repos.images.ids(filter)
  const index = ids.indexOf(imageId)
  if (index < 0) return { prev: ids[0] ?? null, next: ids[0] ?? null, index: -1, total: ids.length }
  return { prev: ids[index - 1] ?? null, next: ids[index + 1] ?? null, index, total: ids.length }
}

export function volumeSlices(project: Project, volumeId: number) {
  const v = project.db.prepare('SELECT id, name FROM volumes WHERE id = ?').get(volumeId) as { id: number; name: string } | undefined
  if (!v) throw new RadlabError('not_found', `volume ${volumeId} does not exist`)
  const sliceIds = project.db.prepare('SELECT id FROM images WHERE volume_id = ? ORDER BY slice_index').pluck().all(volumeId) as number[]
  return { volumeId, name: v.name, sliceIds }
}
