// An image's mask versions, newest first, with thumbnail, author, time and source. Clicking a
// version shows it read-only in the editor; "Restore" makes it the newest version again.
import { useEffect, useMemo, useState } from 'react'
import type { MaskVersion } from '../../../../shared/domain'
import { api } from '../../api'

type VersionRow = MaskVersion & { thumbnail: Uint8Array }

export function HistoryPanel(props: {
  projectId: string
  imageId: number
  tick: number
  viewingId: number | null
  onView: (v: MaskVersion) => void
  onRestore: (v: MaskVersion) => void
  readOnly: boolean
}) {
  const { projectId, imageId, tick } = props
  const [rows, setRows] = useState<VersionRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    // A burst of saves bumps the tick many times: ask once it settles.
    const t = setTimeout(() => {
      api.masks.history({ projectId, imageId }).then(
        (r) => live && (setRows(r), setError(null)),
        (e: Error) => live && setError(e.message),
      )
    }, rows === null ? 0 : 250)
    return () => {
      live = false
      clearTimeout(t)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, imageId, tick])

  useEffect(() => setRows(null), [imageId])

  const urls = useMemo(() => (rows ?? []).map((r) => URL.createObjectURL(new Blob([pngBytes(r.thumbnail) as BlobPart], { type: 'image/png' }))), [rows])
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls])

  return (
    <section className="annotate-history" data-testid="history-panel">
      <h3>History</h3>
      {error && <div className="error small">{error}</div>}
      {rows && rows.length === 0 && <div className="muted small">No saved mask yet.</div>}
      <ol>
        {(rows ?? []).map((r, i) => (
          <li
            key={r.id}
            data-testid="version-row"
            data-version-id={r.id}
            className={props.viewingId === r.id ? 'viewing' : ''}
          >
            <button className="version-open" onClick={() => props.onView(r)} title="View this version (read-only)">
              <img src={urls[i]} alt="" width={40} height={40} />
              <span className="version-meta">
                <span>#{r.id} {i === 0 ? <b>current</b> : null}</span>
                <span className="muted">{r.author} · {r.source.replace('_', ' ')}</span>
                <span className="muted">{new Date(r.createdAt).toLocaleString()}</span>
              </span>
            </button>
            {i > 0 && !props.readOnly && (
              <button data-testid="restore-version" title="Make this the current version (a new version)" onClick={() => props.onRestore(r)}>Restore</button>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

/**
 * Main builds thumbnails as Node Buffers; over the serve transport JSON.stringify applies
 * Buffer.toJSON before the wire's typed-array replacer, so they arrive as {type, data}. Accept both.
 */
function pngBytes(t: unknown): Uint8Array {
  if (t instanceof Uint8Array) return t
  const data = (t as { data?: unknown } | null)?.data
  return Array.isArray(data) ? Uint8Array.from(data as number[]) : new Uint8Array(0)
}
