import type { ReactNode } from 'react'
import type { ProjectStats } from '../../../../shared/contract'

/** Project totals: images, masks, and counts per split and per class. */
export function DatasetHeader({ stats, shown, onImport, importOpen, actions }: { stats: ProjectStats | null; shown: number | null; onImport: () => void; importOpen: boolean; actions?: ReactNode }) {
  return (
    <div className="dataset-header" data-testid="project-stats">
      <div className="stat"><b data-testid="stat-images">{stats?.images ?? '…'}</b> images</div>
      <div className="stat"><b data-testid="stat-masks">{stats?.masks ?? '…'}</b> with masks</div>
      {stats && Object.entries(stats.bySplit).map(([k, n]) => <div className="stat" key={k} data-testid={`stat-split-${k}`}><b>{n}</b> {k === 'none' ? 'no split' : k}</div>)}
      {stats && Object.entries(stats.byClass).map(([k, n]) => <div className="stat muted" key={k} data-testid={`stat-class-${k}`}><b>{n}</b> {k}</div>)}
      <span className="spacer" />
      <span className="muted">showing <b data-testid="image-count">{shown ?? '…'}</b></span>
      {actions}
      <button className={importOpen ? 'active' : 'primary'} data-testid="open-import" onClick={onImport}>{importOpen ? 'Close import' : 'Import…'}</button>
    </div>
  )
}
