// The selected image: its metadata from `images:get` and a larger window/level preview.
import { useEffect, useState } from 'react'
import type { ImagePixels } from '../../../../shared/contract'
import type { ImageDetail, LabelClass } from '../../../../shared/domain'
import { api } from '../../api'
import { ImageViewer } from '../../components/ImageViewer'
import { initialWindow, type DisplayWindow } from '../../components/window-level'

/** Previews above this many pixels are not fetched just for the side pane. */
const MAX_PREVIEW_PIXELS = 4_200_000

export function DetailPane({ projectId, imageId, classes, onOpen }: { projectId: string; imageId: number | null; classes: Map<number, LabelClass>; onOpen: (id: number) => void }) {
  const [detail, setDetail] = useState<ImageDetail | null>(null)
  const [pixels, setPixels] = useState<ImagePixels | null>(null)
  const [win, setWin] = useState<DisplayWindow | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    setDetail(null); setPixels(null); setError(null)
    if (imageId === null) return
    let live = true
    // Wait a moment so arrowing quickly through the grid does not fetch every image on the way.
    const t = setTimeout(async () => {
      try {
        const d = await api.images.get({ projectId, imageId })
        if (!live) return
        setDetail(d)
        if (d.width * d.height <= MAX_PREVIEW_PIXELS) {
          const px = await api.images.pixels({ projectId, imageId })
          if (!live) return
          setPixels(px)
          setWin(initialWindow(px.data, px.min, px.max, px.window))
        }
      } catch (e) {
        if (live) setError((e as Error).message)
      }
    }, 120)
    return () => { live = false; clearTimeout(t) }
  }, [projectId, imageId])

  if (imageId === null) return <aside className="detail-pane muted" data-testid="detail-pane">Select an image to see its details.</aside>
  return (
    <aside className="detail-pane" data-testid="detail-pane">
      {error && <p className="error">{error}</p>}
      <ImageViewer pixels={pixels} window={win} onWindowChange={setWin} className="detail-preview" testId="detail-viewer" />
      {detail && (
        <>
          <h3 data-testid="detail-name" title={detail.name}>{detail.name}</h3>
          <button className="primary" data-testid="detail-open" onClick={() => onOpen(detail.id)}>Open in annotator</button>
          <dl className="meta">
            <Row k="Size" v={`${detail.width} × ${detail.height}`} />
            <Row k="Format" v={`${detail.format}${detail.modality ? ` · ${detail.modality}` : ''}`} />
            <Row k="Stored as" v={detail.dtype} />
            <Row k="Spacing" v={`${fmtNum(detail.spacing[0])} × ${fmtNum(detail.spacing[1])} mm`} />
            <Row k="Values" v={`${fmtNum(detail.min)} … ${fmtNum(detail.max)}`} />
            {detail.window && <Row k="Window" v={`L ${fmtNum(detail.window.center)} W ${fmtNum(detail.window.width)}`} />}
            <Row k="Split" v={detail.split ?? '—'} testId="detail-split" />
            <Row k="Class" v={detail.labelClassId != null ? classes.get(detail.labelClassId)?.name ?? `#${detail.labelClassId}` : '—'} testId="detail-class" />
            <Row k="Mask" v={detail.hasMask ? 'yes' : 'no'} testId="detail-mask" />
            <Row k="Review" v={detail.reviewStatus.replace('_', ' ')} />
            {detail.volumeId !== null && <Row k="Slice" v={`${detail.sliceIndex} of volume ${detail.volumeId}`} />}
            {detail.patientKey && <Row k="Patient key" v={detail.patientKey} />}
            {detail.sourcePath && <Row k="Source" v={detail.sourcePath} />}
            <Row k="Imported" v={new Date(detail.createdAt).toLocaleString()} />
            {Object.entries(detail.meta).map(([k, v]) => <Row key={k} k={k} v={String(v)} />)}
          </dl>
        </>
      )}
    </aside>
  )
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (<><dt>{k}</dt><dd data-testid={testId} title={v}>{v}</dd></>)
}

function fmtNum(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(5).replace(/\.?0+$/, '')
}
