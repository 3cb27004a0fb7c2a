import { useEffect, useRef, useState } from 'react'
import type { ImportProgress } from '../../../../shared/import-types'
import { api } from '../../api'

/**
 * The latest import progress for this project. Main may report a thousand files a second, so
 * events land in a ref and React sees at most one update per animation frame.
 */
export function useImportProgress(projectId: string): [ImportProgress | null, () => void] {
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const latest = useRef<ImportProgress | null>(null)
  const frame = useRef(0)
  useEffect(() => {
    const off = api.on('import:progress', (p) => {
      if (p.projectId !== projectId) return
      latest.current = p
      if (!frame.current) frame.current = requestAnimationFrame(() => { frame.current = 0; setProgress(latest.current) })
    })
    return () => { off(); cancelAnimationFrame(frame.current); frame.current = 0 }
  }, [projectId])
  /** Forget the previous import's figures before a new one starts. */
  const reset = () => { latest.current = null; setProgress(null) }
  return [progress, reset]
}
