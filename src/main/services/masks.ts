// Mask versions: append-only. Saving checks the editor's parent version against the current one,
// so a second window never silently overwrites a newer mask.
import type { MaskSource, MaskVersion } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import { makeMaskThumbnailPng } from '../../imaging'
import type { Project } from './project'

function requireImage(project: Project, imageId: number) {
  const row = project.repos.images.row(imageId)
  if (!row) throw new RadlabError('not_found', `image ${imageId} does not exist`)
  return row
}

export function currentMask(project: Project, imageId: number): { version: MaskVersion | null; labels: Uint8Array | null } {
  const row = requireImage(project, imageId)
  if (row.current_mask_id === null) return { version: null, labels: null }
  const m = project.repos.masks.get(row.current_mask_id)!
  if (m.version.width !== row.width || m.version.height !== row.height) {
    throw new RadlabError('imaging', `mask ${m.version.id} of ${row.name} is ${m.version.width}×${m.version.height} but the image is ${row.width}×${row.height}; it is not drawn stretched`)
  }
  return m
}

export interface SaveMaskInput {
  imageId: number
  parentId: number | null
  labels: Uint8Array
  author: string
  source?: MaskSource
  runId?: string | null
}

export function saveMask(project: Project, input: SaveMaskInput): MaskVersion {
  return project.db.transaction(() => {
    const row = requireImage(project, input.imageId)
    if (input.labels.length !== row.width * row.height) {
      throw new RadlabError('invalid_input', `mask for ${row.name} has ${input.labels.length} pixels; the image is ${row.width}×${row.height}`)
    }
    if (row.review_status === 'approved' && (input.source ?? 'human') === 'human') {
      throw new RadlabError('conflict', `${row.name} is approved and read-only; reopen it for review before editing`)
    }
    if (row.current_mask_id !== input.parentId) {
      const current = row.current_mask_id ? project.repos.masks.get(row.current_mask_id)?.version : null
      throw new RadlabError(
        'conflict',
        `${row.name} has a newer mask (version ${current?.id} by ${current?.author} at ${current?.createdAt}); reload it before saving so nothing is overwritten`,
        { currentId: row.current_mask_id },
      )
    }
    const v = project.repos.masks.add({
      imageId: input.imageId, parentId: input.parentId, author: input.author, source: input.source ?? 'human',
      runId: input.runId ?? null, width: row.width, height: row.height, labels: input.labels,
    })
    if (row.review_status === 'none') project.repos.images.setReviewStatus(input.imageId, 'draft')
    return v
  })()
}

export function maskHistory(project: Project, imageId: number): (MaskVersion & { thumbnail: Uint8Array })[] {
  requireImage(project, imageId)
  const classes = project.repos.classes.list().filter((c) => c.kind === 'mask')
  return project.repos.masks.history(imageId).map(({ version, labels }) => ({
    ...version,
    thumbnail: makeMaskThumbnailPng(labels, version.width, version.height, classes.map((c) => ({ value: c.value ?? 0, color: c.color }))),
  }))
}

export function restoreMask(project: Project, versionId: number, author: string): MaskVersion {
  const m = project.repos.masks.get(versionId)
  if (!m) throw new RadlabError('not_found', `mask version ${versionId} does not exist`)
  const row = requireImage(project, m.version.imageId)
  return saveMask(project, { imageId: row.id, parentId: row.current_mask_id, labels: m.labels, author, source: 'human' })
}

const REVIEW_ORDER = ['none', 'draft', 'in_review', 'approved'] as const

export function setReviewStatus(project: Project, imageId: number, status: (typeof REVIEW_ORDER)[number], author: string) {
  project.db.transaction(() => {
    requireImage(project, imageId)
    project.repos.images.setReviewStatus(imageId, status)
    project.db.prepare('INSERT INTO review_events(image_id, status, author, created_at) VALUES (?, ?, ?, ?)').run(imageId, status, author, new Date().toISOString())
  })()
  return { imageId, status }
}
