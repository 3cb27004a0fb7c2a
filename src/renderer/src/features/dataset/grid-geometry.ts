// Geometry of the virtualised thumbnail grid: which rows are on screen, and where a cell sits.

export const CELL_WIDTH = 148
export const CELL_HEIGHT = 176

export function columnsFor(width: number, cellWidth = CELL_WIDTH): number {
  return Math.max(1, Math.floor(width / cellWidth))
}

/** Rows [first, last] to render: the visible ones plus `overscan` rows either side. */
export function visibleRows(scrollTop: number, viewportHeight: number, rows: number, rowHeight = CELL_HEIGHT, overscan = 2): { first: number; last: number } {
  if (rows <= 0) return { first: 0, last: -1 }
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(rows - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) - 1 + overscan)
  return { first, last: Math.max(first - 1, last) }
}

/** The scrollTop that brings row `row` fully into view (or the current one if it already is). */
export function scrollToRow(row: number, scrollTop: number, viewportHeight: number, rowHeight = CELL_HEIGHT): number {
  const top = row * rowHeight
  if (top < scrollTop) return top
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight
  return scrollTop
}

/** Selection after a navigation key in a grid of `columns` with `total` items. */
export function moveSelection(index: number, key: string, columns: number, total: number, pageRows: number): number {
  if (total === 0) return -1
  const clamp = (i: number) => Math.max(0, Math.min(total - 1, i))
  if (index < 0) return 0
  switch (key) {
    case 'ArrowLeft': return clamp(index - 1)
    case 'ArrowRight': return clamp(index + 1)
    case 'ArrowUp': return clamp(index - columns)
    case 'ArrowDown': return clamp(index + columns)
    case 'PageUp': return clamp(index - columns * pageRows)
    case 'PageDown': return clamp(index + columns * pageRows)
    case 'Home': return 0
    case 'End': return total - 1
    default: return index
  }
}
