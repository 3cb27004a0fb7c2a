import type { Project } from './project'

/** Image ids of a split ('all' = every image) in browse order, for a prediction job. */
export function predictionImageIds(project: Project, split: 'train' | 'val' | 'test' | 'all'): number[] {
  return project.repos.images.ids(split === 'all' ? undefined : { split })
}
