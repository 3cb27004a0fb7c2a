// Triage state: the queue being worked through, the current position, and label writes.
// Navigation is immediate; writes are optimistic in the list and sent to main one after another
// (so fast key presses land in order), and every write can be undone with Ctrl+Z.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { TriageQueue } from '../../../../shared/contract'
import { api } from '../../api'
import { currentUser } from '../../state/user'
import { messageOf } from '../../components/ErrorBanner'
import { nextUnlabelledIndex } from './triage-keys'

export type QueueName = 'unlabelled' | 'flagged' | 'disagree' | 'all'
export type TriageItem = TriageQueue['items'][number]

interface UndoEntry {
  imageId: number
  /** Known once main has answered; the undo waits in the same write chain, so it is set by then. */
  labelId: number | null
}

export function useTriage(projectId: string) {
  const [queue, setQueue] = useState<QueueName>('unlabelled')
  const [runId, setRunId] = useState<string | undefined>(undefined)
  const [items, setItems] = useState<TriageItem[]>([])
  const [index, setIndexState] = useState(0)
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [loading, setLoading] = useState(true)
  const [pending, setPending] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [labelVersion, setLabelVersion] = useState(0)

  const itemsRef = useRef<TriageItem[]>([])
  const indexRef = useRef(0)
  const chain = useRef<Promise<void>>(Promise.resolve())
  const pendingRef = useRef(0)
  const undoStack = useRef<UndoEntry[]>([])

  const setIndex = (i: number) => { indexRef.current = i; setIndexState(i) }
  const replaceItems = (next: TriageItem[]) => { itemsRef.current = next; setItems(next) }
  const patch = (imageId: number, change: Partial<TriageItem>) =>
    replaceItems(itemsRef.current.map((it) => (it.imageId === imageId ? { ...it, ...change } : it)))

  const refreshCounts = useCallback(async () => {
    try {
      const q = await api.labels.queue({ projectId, queue: 'all', limit: 1 })
      setCounts(q.counts)
    } catch (e) { setError(messageOf(e)) }
  }, [projectId])

  const load = useCallback(async (q: QueueName, run: string | undefined, keepImageId?: number) => {
    setLoading(true)
    try {
      const r = await api.labels.queue({ projectId, queue: q, runId: run, limit: 100000 })
      replaceItems(r.items)
      setCounts(r.counts)
      const keep = keepImageId === undefined ? -1 : r.items.findIndex((it) => it.imageId === keepImageId)
      setIndex(Math.max(0, keep))
      setError(null)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setLoading(false)
    }
  }, [projectId])

  // A new queue starts at its first image; a new model run (same queue) stays on the current one.
  const loadedQueue = useRef<QueueName | null>(null)
  useEffect(() => {
    const keep = loadedQueue.current === queue ? itemsRef.current[indexRef.current]?.imageId : undefined
    loadedQueue.current = queue
    void load(queue, runId, keep)
  }, [load, queue, runId])

  /** Runs writes one after another; counts are refreshed once the chain is idle. */
  const enqueue = (fn: () => Promise<void>) => {
    pendingRef.current++
    setPending(pendingRef.current)
    chain.current = chain.current.then(fn).catch((e) => setError(messageOf(e))).finally(() => {
      pendingRef.current--
      setPending(pendingRef.current)
      setLabelVersion((v) => v + 1)
      if (pendingRef.current === 0) void refreshCounts()
    })
  }

  const write = (imageId: number, classId: number | null, flagged?: boolean) => {
    const item = itemsRef.current.find((it) => it.imageId === imageId)
    if (!item) return
    const before = { classId: item.classId, flagged: item.flagged }
    // Main keeps the flag only when the class is unchanged and no flag is given; mirror that.
    patch(imageId, { classId, flagged: flagged ?? (classId === item.classId ? item.flagged : false) })
    const entry: UndoEntry = { imageId, labelId: null }
    undoStack.current.push(entry)
    enqueue(async () => {
      try {
        const l = await api.labels.set({ projectId, imageId, classId, flagged, author: currentUser() })
        entry.labelId = l.id
        patch(imageId, { classId: l.classId, flagged: l.flagged })
      } catch (e) {
        patch(imageId, before)
        undoStack.current = undoStack.current.filter((u) => u !== entry)
        throw e
      }
    })
  }

  const current = (): TriageItem | undefined => itemsRef.current[indexRef.current]

  const actions = {
    assign(classId: number) {
      const it = current()
      if (!it) return
      write(it.imageId, classId)
      if (indexRef.current < itemsRef.current.length - 1) setIndex(indexRef.current + 1)
    },
    toggleFlag() {
      const it = current()
      if (it) write(it.imageId, it.classId, !it.flagged)
    },
    move(delta: number) {
      const n = itemsRef.current.length
      if (n) setIndex(Math.max(0, Math.min(n - 1, indexRef.current + delta)))
    },
    goTo(i: number) {
      if (i >= 0 && i < itemsRef.current.length) setIndex(i)
    },
    nextUnlabelled() {
      const i = nextUnlabelledIndex(itemsRef.current, indexRef.current)
      if (i >= 0) setIndex(i)
      // Nothing left in this list: the unlabelled queue itself may still hold images (other queues).
      else if (queue !== 'unlabelled') setQueue('unlabelled')
      else void load('unlabelled', runId)
    },
    undo() {
      const entry = undoStack.current.pop()
      if (!entry) return
      const i = itemsRef.current.findIndex((it) => it.imageId === entry.imageId)
      if (i >= 0) setIndex(i)
      enqueue(async () => {
        if (entry.labelId === null) return
        const l = await api.labels.undo({ projectId, labelId: entry.labelId, author: currentUser() })
        if (l) patch(l.imageId, { classId: l.classId, flagged: l.flagged })
      })
    },
    setQueue(q: QueueName) { undoStack.current = []; setQueue(q) },
    setRunId,
    reload: () => load(queue, runId, current()?.imageId),
    refreshCounts,
    clearError: () => setError(null),
  }

  return { queue, runId, items, index, counts, loading, pending, error, labelVersion, canUndo: undoStack.current.length > 0, actions }
}
