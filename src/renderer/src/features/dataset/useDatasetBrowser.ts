// Wires the pager and the thumbnail cache to React: one pager per (project, filter, refresh),
// one thumbnail cache per (project, refresh); a version counter re-renders the grid when data
// arrives. Both are created inside effects (not memos) so their disposal pairs with creation,
// including under StrictMode's mount–unmount–mount in development.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import type { ImageFilter } from '../../../../shared/contract'
import { api } from '../../api'
import { ImagePager } from './image-pager'
import { ThumbnailCache } from './thumbnail-cache'

export function useDatasetBrowser(projectId: string, filter: ImageFilter, refreshKey: number) {
  const [, bump] = useReducer((n: number) => n + 1, 0)
  const filterKey = JSON.stringify(filter)
  const visible = useRef({ start: 0, end: 0 })
  const thumbsRef = useRef<ThumbnailCache | null>(null)
  const pagerRef = useRef<ImagePager | null>(null)
  const [pager, setPager] = useState<ImagePager | null>(null)
  const [thumbs, setThumbs] = useState<ThumbnailCache | null>(null)

  /** Asks for the thumbnails of the rows on screen whose data has arrived. */
  const requestThumbs = useCallback(() => {
    const p = pagerRef.current
    const t = thumbsRef.current
    if (!p || !t) return
    const ids: number[] = []
    for (let i = visible.current.start; i < visible.current.end; i++) {
      const it = p.get(i)
      if (it) ids.push(it.id)
    }
    t.request(ids)
  }, [])

  useEffect(() => {
    const cache = new ThumbnailCache((ids) => api.images.thumbnails({ projectId, ids }), bump)
    thumbsRef.current = cache
    setThumbs(cache)
    requestThumbs()
    return () => cache.dispose()
  }, [projectId, refreshKey])

  useEffect(() => {
    const f = JSON.parse(filterKey) as ImageFilter
    // When a page arrives, its on-screen rows need their thumbnails too.
    const p = new ImagePager((offset, limit) => api.images.list({ projectId, filter: f, offset, limit }), () => { bump(); requestThumbs() })
    pagerRef.current = p
    setPager(p)
    p.ensure(0, p.pageSize)
    return () => p.dispose()
  }, [projectId, filterKey, refreshKey])

  const onVisible = useCallback((start: number, end: number) => {
    visible.current = { start, end }
    pager?.ensure(start, end)
    requestThumbs()
  }, [pager, thumbs])

  return {
    total: pager?.total ?? null,
    error: pager?.error ?? null,
    // Stable per pager/cache, so memoised tiles and callbacks built on them do not churn.
    getItem: useCallback((i: number) => pager?.get(i), [pager]),
    thumbUrl: useCallback((id: number) => thumbs?.url(id), [thumbs]),
    onVisible,
  }
}
