// Wires the pager and the thumbnail cache to React: one pager per (project, filter, refresh),
// one thumbnail cache per project; a version counter re-renders the grid when data arrives.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react'
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

  /** Asks for the thumbnails of the rows on screen whose data has arrived. */
  const requestThumbs = useCallback(() => {
    const pager = pagerRef.current
    const thumbs = thumbsRef.current
    if (!pager || !thumbs) return
    const ids: number[] = []
    for (let i = visible.current.start; i < visible.current.end; i++) {
      const it = pager.get(i)
      if (it) ids.push(it.id)
    }
    thumbs.request(ids)
  }, [])

  const [thumbs, setThumbs] = useState<ThumbnailCache | null>(null)
  useEffect(() => {
    const cache = new ThumbnailCache((ids) => api.images.thumbnails({ projectId, ids }), bump)
    thumbsRef.current = cache
    setThumbs(cache)
    requestThumbs()
    return () => cache.dispose()
  }, [projectId, refreshKey])

  const pager = useMemo(
    // When a page arrives, its on-screen rows need their thumbnails too.
    () => new ImagePager((offset, limit) => api.images.list({ projectId, filter, offset, limit }), () => { bump(); requestThumbs() }),
    [projectId, filterKey, refreshKey],
  )
  pagerRef.current = pager
  useEffect(() => {
    pager.ensure(0, pager.pageSize)
    return () => pager.dispose()
  }, [pager])

  const onVisible = useCallback((start: number, end: number) => {
    visible.current = { start, end }
    pager.ensure(start, end)
    requestThumbs()
  }, [pager, thumbs])

  return {
    total: pager.total,
    error: pager.error,
    getItem: (i: number) => pager.get(i),
    thumbUrl: (id: number) => thumbs?.url(id),
    onVisible,
    pager,
  }
}
