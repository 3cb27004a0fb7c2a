import { RadlabError } from '../../shared/errors'
import type { Project } from './project'

export interface ExportOptions { format: 'nnunet' | 'png' | 'nifti' | 'dicom-seg'; out: string; split: 'train' | 'val' | 'test' | 'all'; force: boolean }

// Replaced by the export module (in progress).
export function runExport(_project: Project, _opts: ExportOptions): { out: string; files: number } {
  throw new RadlabError('unsupported', 'export is not available yet')
}
