// The virtualised thumbnail grid: only the rows on screen (plus a little overscan) exist in the
// DOM. Scroll position is tracked in a ref; React re-renders only when the visible row range
// changes, not on every scroll event.
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ImageSummary, LabelClass } from '../../../../shared/domain'
import { CELL_HEIGHT, CELL_WIDTH, columnsFor, moveSelection, scrollToRow, visibleRows } from './grid-geometry'
import { Tile } from './Tile'

export interface ThumbnailGridProps {
  total: number
  /** False until the first page has answered (no "no images" flash). */
  loaded: boolean
  getItem(index: number): ImageSummary | undefined
  thumbUrl(id: number): string | undefined
  /** Called with the rows now on screen: the page fetches their data and thumbnails. */
  onVisible(start: number, end: number): void
  classes: Map<number, LabelClass>
  selected: number
  onSelect(index: number): void
  onOpen(index: number): void
}

export function ThumbnailGrid(props: ThumbnailGridProps) {
  const { total, loaded, getItem, thumbUrl, onVisible, classes, selected, onSelect, onOpen } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [size, setSize] = useState({ width: 800, height: 600 })
  const [range, setRange] = useState({ first: 0, last: -1 })
  const frame = useRef(0)

  const columns = columnsFor(size.width)
  const rows = Math.ceil(total / columns)

  const measureRange = () => {
    frame.current = 0
    const el = scroller.current
    if (!el) return
    const r = visibleRows(el.scrollTop, el.clientHeight, rows)
    setRange((old) => (old.first === r.first && old.last === r.last ? old : r))
  }

  useLayoutEffect(() => {
    const el = scroller.current
    if (!el) return
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }))
    ro.observe(el)
    setSize({ width: el.clientWidth, height: el.clientHeight })
    return () => ro.disconnect()
  }, [])

  useLayoutEffect(measureRange, [rows, size.height])

  useEffect(() => {
    if (range.last >= range.first) onVisible(range.first * columns, Math.min(total, (range.last + 1) * columns))
  }, [range.first, range.last, columns, total, onVisible])

  // Keep the selection in view when it moves by keyboard (or is restored after a filter change).
  useEffect(() => {
    const el = scroller.current
    if (!el || selected < 0) return
    const top = scrollToRow(Math.floor(selected / columns), el.scrollTop, el.clientHeight)
    if (top !== el.scrollTop) el.scrollTop = top
  }, [selected, columns])

  const onScroll = () => {
    if (!frame.current) frame.current = requestAnimationFrame(measureRange)
  }
  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && selected >= 0) {
      e.preventDefault()
      onOpen(selected)
      return
    }
    const pageRows = Math.max(1, Math.floor(size.height / CELL_HEIGHT))
    const next = moveSelection(selected, e.key, columns, total, pageRows)
    if (next !== selected) {
      e.preventDefault()
      onSelect(next)
    }
  }

  const tiles: React.ReactNode[] = []
  for (let row = range.first; row <= range.last; row++) {
    for (let col = 0; col < columns; col++) {
      const index = row * columns + col
      if (index >= total) break
      const item = getItem(index)
      tiles.push(
        <Tile key={index} index={index} item={item} url={item ? thumbUrl(item.id) : undefined}
          cls={item?.labelClassId != null ? classes.get(item.labelClassId) : undefined}
          selected={index === selected}
          x={col * CELL_WIDTH} y={row * CELL_HEIGHT}
          onSelect={onSelect} onOpen={onOpen} />,
      )
    }
  }

  return (
    <div className="thumb-grid" ref={scroller} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown}
      data-testid="thumb-grid" aria-label="Images" role="grid">
      <div className="thumb-grid-inner" style={{ height: rows * CELL_HEIGHT, width: columns * CELL_WIDTH }}>{tiles}</div>
      {loaded && total === 0 && <div className="thumb-grid-empty muted" data-testid="grid-empty">No images match.</div>}
    </div>
  )
}
