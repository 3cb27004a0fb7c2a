import type { MaskVersion } from '../../shared/domain'
import { RadlabError } from '../../shared/errors'
import type { Project } from './project'

// Replaced once the shared interpolation module lands.
export function interpolateMasks(_project: Project, _from: number, _to: number, _author: string): MaskVersion[] {
  throw new RadlabError('unsupported', 'interpolation is not available yet')
}
