// Slice navigation when the reviewed image is a slice of a volume: the slider (or PageUp/PageDown)
// moves through the volume's predicted slices, and the three views follow together.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import type { PredictionSummary } from '../../../../shared/views'
import { useReviewKeys } from './useReviewKeys'

export function VolumeSlices({ projectId, volumeId, imageId, predicted, onSelect }: {
  projectId: string
  volumeId: number
  imageId: number
  predicted: PredictionSummary[]
  onSelect: (imageId: number) => void
}) {
  const [vol, setVol] = useState<{ name: string; sliceIds: number[] } | null>(null)
  useEffect(() => {
    let live = true
    api.images.volume({ projectId, volumeId }).then((v) => live && setVol(v)).catch(() => live && setVol(null))
    return () => { live = false }
  }, [projectId, volumeId])

  const have = new Set(predicted.map((p) => p.imageId))
  const slices = vol ? vol.sliceIds.filter((id) => have.has(id)) : []
  const at = slices.indexOf(imageId)
  const go = (delta: number) => {
    const next = slices[at + delta]
    if (next !== undefined) onSelect(next)
  }
  useReviewKeys({ PageDown: () => go(1), PageUp: () => go(-1) })
  if (!vol || slices.length < 2 || at < 0) return null
  return (
    <label className="volume-slices">
      {vol.name}: slice {vol.sliceIds.indexOf(imageId) + 1} / {vol.sliceIds.length}
      <input data-testid="slice-slider" type="range" min={0} max={slices.length - 1} value={at} onChange={(e) => onSelect(slices[Number(e.target.value)])} />
      <span className="muted small">PageUp/PageDown</span>
    </label>
  )
}
