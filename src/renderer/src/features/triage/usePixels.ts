// Pixel data for the triage viewer, with the neighbours fetched ahead so the next image is ready
// when a key moves there. A small LRU bounds memory (a 2k × 2k 16-bit X-ray is 8 MB).
import { useEffect, useRef, useState } from 'react'
import type { ImagePixels } from '../../../../shared/contract'
import { api } from '../../api'

const KEEP = 6

export function usePixels(projectId: string, imageId: number | null, prefetch: (number | null)[]): { pixels: ImagePixels | null; error: string | null } {
  const cache = useRef(new Map<number, Promise<ImagePixels>>())
  const [state, setState] = useState<{ id: number | null; pixels: ImagePixels | null; error: string | null }>({ id: null, pixels: null, error: null })

  const get = (id: number) => {
    let p = cache.current.get(id)
    if (p) cache.current.delete(id)
    else {
      p = api.images.pixels({ projectId, imageId: id })
      p.catch(() => cache.current.delete(id))
    }
    cache.current.set(id, p)
    while (cache.current.size > KEEP) cache.current.delete(cache.current.keys().next().value!)
    return p
  }

  useEffect(() => { cache.current.clear() }, [projectId])

  useEffect(() => {
    if (imageId === null) { setState({ id: null, pixels: null, error: null }); return }
    let live = true
    get(imageId).then(
      (px) => { if (live) setState({ id: imageId, pixels: px, error: null }) },
      (e: Error) => { if (live) setState({ id: imageId, pixels: null, error: e.message }) },
    )
    for (const n of prefetch) if (n !== null) void get(n).catch(() => {})
    return () => { live = false }
  }, [projectId, imageId, ...prefetch])

  return state.id === imageId ? { pixels: state.pixels, error: state.error } : { pixels: null, error: null }
}
