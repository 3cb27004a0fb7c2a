import { memo } from 'react'
import type { ImageSummary, LabelClass } from '../../../../shared/domain'

export interface TileProps {
  index: number
  item: ImageSummary | undefined
  url: string | undefined
  cls: LabelClass | undefined
  selected: boolean
  /** Position in the grid, in pixels (numbers, so memo sees unchanged tiles as equal). */
  x: number
  y: number
  onSelect(index: number): void
  onOpen(index: number): void
}

/** One grid cell: thumbnail, name, and badges for split, class, mask and review status. */
export const Tile = memo(function Tile({ index, item, url, cls, selected, x, y, onSelect, onOpen }: TileProps) {
  const style = { transform: `translate(${x}px, ${y}px)` }
  if (!item) return <div className="thumb loading-tile" style={style} aria-busy="true" />
  return (
    <div className={selected ? 'thumb selected' : 'thumb'} style={style} role="gridcell" aria-selected={selected}
      data-testid="thumb" data-image-id={item.id} data-index={index} title={item.name}
      onClick={() => onSelect(index)} onDoubleClick={() => onOpen(index)}>
      <div className="thumb-img">{url ? <img src={url} alt="" draggable={false} /> : <span className="thumb-placeholder" />}</div>
      <div className="thumb-name">{item.name}</div>
      <div className="thumb-badges">
        {item.split && <span className={`badge split-${item.split}`} data-testid="badge-split">{item.split}</span>}
        {cls && <span className="badge" data-testid="badge-class" style={{ borderColor: cls.color, color: cls.color }}>{cls.name}</span>}
        {item.hasMask && <span className="badge mask" data-testid="badge-mask" title="has a mask">mask</span>}
        {item.reviewStatus !== 'none' && <span className={`badge review-${item.reviewStatus}`}>{item.reviewStatus.replace('_', ' ')}</span>}
      </div>
    </div>
  )
})
