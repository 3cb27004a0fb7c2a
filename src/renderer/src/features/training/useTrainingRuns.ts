// The project's runs, kept current from main's events: `training:status` replaces a run,
// `training:epoch` appends an epoch, `training:progress` (per batch) is kept as the latest
// value per run plus a smoothed-loss trace, and React hears about it at most once a frame.
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import type { RunSummary } from '../../../../shared/domain'
import type { TrainingProgress } from '../../../../shared/views'
import { BatchLossTrace, withEpoch } from './run-metrics'

export interface TrainingRunsState {
  runs: RunSummary[]
  loaded: boolean
  error: string | null
  /** Latest batch progress per running run. */
  progress: Map<string, TrainingProgress>
  /** Smoothed batch loss per run, seen since this page opened. */
  traces: Map<string, BatchLossTrace>
  /** Bumped whenever a trace grows, so charts know to redraw. */
  traceVersion: number
  upsert(run: RunSummary): void
  reload(): Promise<void>
}

export function useTrainingRuns(projectId: string): TrainingRunsState {
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [loaded, setLoaded] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [progress, setProgress] = useState<Map<string, TrainingProgress>>(new Map())
  const [traceVersion, setTraceVersion] = useState(0)
  const traces = useRef(new Map<string, BatchLossTrace>())
  const pending = useRef<{ progress: Map<string, TrainingProgress>; frame: number }>({ progress: new Map(), frame: 0 })

  const upsert = useCallback((run: RunSummary) => {
    setRuns((list) => {
      const at = list.findIndex((r) => r.id === run.id)
      if (at < 0) return [run, ...list]
      const copy = list.slice()
      // A status event carries the epochs main has stored; keep any we heard of that are newer.
      let epochs = run.epochs
      for (const e of list[at].epochs) if (!epochs.some((x) => x.epoch === e.epoch)) epochs = withEpoch(epochs, e)
      copy[at] = { ...run, epochs }
      return copy
    })
  }, [])

  const reload = useCallback(async () => {
    try {
      setRuns(await api.training.runs({ projectId }))
      setError(null)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setLoaded(true)
    }
  }, [projectId])

  useEffect(() => {
    void reload()
    const flush = () => {
      pending.current.frame = 0
      const batch = pending.current.progress
      pending.current.progress = new Map()
      setProgress((old) => {
        const next = new Map(old)
        for (const [k, v] of batch) next.set(k, v)
        return next
      })
      setTraceVersion((v) => v + 1)
    }
    const offProgress = api.on('training:progress', (p) => {
      if (p.projectId !== projectId) return
      let t = traces.current.get(p.runId)
      if (!t) traces.current.set(p.runId, (t = new BatchLossTrace()))
      t.add(p.epoch, p.batch, p.batches, p.smoothedLoss)
      pending.current.progress.set(p.runId, p)
      if (!pending.current.frame) pending.current.frame = requestAnimationFrame(flush)
    })
    const offEpoch = api.on('training:epoch', (e) => {
      if (e.projectId !== projectId) return
      setRuns((list) => list.map((r) => (r.id === e.runId ? { ...r, epochs: withEpoch(r.epochs, e.metrics) } : r)))
    })
    const offStatus = api.on('training:status', (s) => {
      if (s.projectId !== projectId) return
      upsert(s.run)
      if (s.run.status !== 'running' && s.run.status !== 'queued') {
        setProgress((old) => {
          if (!old.has(s.run.id)) return old
          const next = new Map(old)
          next.delete(s.run.id)
          return next
        })
      }
    })
    return () => {
      offProgress()
      offEpoch()
      offStatus()
      cancelAnimationFrame(pending.current.frame)
      pending.current.frame = 0
    }
  }, [projectId, reload, upsert])

  return { runs, loaded, error, progress, traces: traces.current, traceVersion, upsert, reload }
}
