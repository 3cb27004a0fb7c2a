// The dataset browser: project stats, filters, the virtualised grid, the detail pane, and import.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ProjectStats } from '../../../../shared/contract'
import type { LabelClass, ProjectInfo } from '../../../../shared/domain'
import { api } from '../../api'
import { navigate } from '../../app/route'
import { ErrorBanner, messageOf } from '../../components/ErrorBanner'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { DatasetHeader } from './DatasetHeader'
import { PredictSelection } from './PredictSelection'
import { DetailPane } from './DetailPane'
import { EMPTY_FILTER, FilterBar, toImageFilter, type FilterState } from './FilterBar'
import { ImportPanel } from './ImportPanel'
import { ThumbnailGrid } from './ThumbnailGrid'
import { useDatasetBrowser } from './useDatasetBrowser'
import './dataset.css'

export function DatasetPage({ project }: { project: ProjectInfo }) {
  const [filterForm, setFilterForm] = useState<FilterState>(EMPTY_FILTER)
  const search = useDebouncedValue(filterForm.search, 250)
  const filter = useMemo(() => toImageFilter(filterForm, search), [filterForm.split, filterForm.classId, filterForm.hasMask, filterForm.reviewStatus, search])
  const [refreshKey, setRefreshKey] = useState(0)
  const [stats, setStats] = useState<ProjectStats | null>(null)
  const [classes, setClasses] = useState<LabelClass[]>([])
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState(-1)
  const [importOpen, setImportOpen] = useState(false)
  const browser = useDatasetBrowser(project.id, filter, refreshKey)

  useEffect(() => {
    api.projects.stats({ projectId: project.id }).then(setStats, (e) => setError(messageOf(e)))
    api.classes.list({ projectId: project.id }).then(setClasses, (e) => setError(messageOf(e)))
  }, [project.id, refreshKey])

  // A new filter starts with nothing selected (the old index would point at another image).
  useEffect(() => setSelected(-1), [filter, refreshKey])

  const classMap = useMemo(() => new Map(classes.map((c) => [c.id, c])), [classes])
  const selectedItem = selected >= 0 ? browser.getItem(selected) : undefined
  const open = useCallback((index: number) => {
    const it = browser.getItem(index)
    if (it) navigate({ name: 'annotate', projectId: project.id, imageId: it.id })
  }, [browser.getItem, project.id])

  return (
    <div className="dataset-page" data-testid="dataset-page">
      <div className="dataset-main">
        <DatasetHeader stats={stats} shown={browser.total} importOpen={importOpen} onImport={() => setImportOpen((o) => !o)}
          actions={<PredictSelection projectId={project.id} filter={filter} count={browser.total} />} />
        {importOpen && <ImportPanel projectId={project.id} onImported={() => setRefreshKey((k) => k + 1)} />}
        {stats?.images === 0 && !importOpen && (
          <div className="empty-project" data-testid="empty-project">
            <p>This project has no images yet.</p>
            <button className="primary" data-testid="empty-import" onClick={() => setImportOpen(true)}>Import images…</button>
          </div>
        )}
        <FilterBar value={filterForm} onChange={setFilterForm} classes={classes} />
        <ErrorBanner error={error ?? browser.error} onDismiss={() => setError(null)} />
        {/* A new filter is a new list: it starts scrolled to the top. */}
        <ThumbnailGrid key={JSON.stringify(filter)} total={browser.total ?? 0} loaded={browser.total !== null} getItem={browser.getItem} thumbUrl={browser.thumbUrl} onVisible={browser.onVisible}
          classes={classMap} selected={selected} onSelect={setSelected} onOpen={open} />
      </div>
      <DetailPane projectId={project.id} imageId={selectedItem?.id ?? null} classes={classMap}
        onOpen={(imageId) => navigate({ name: 'annotate', projectId: project.id, imageId })} />
    </div>
  )
}
