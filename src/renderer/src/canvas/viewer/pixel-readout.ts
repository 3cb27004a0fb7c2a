// The pixel value and position under the cursor. Written straight into a DOM element's text on
// every pointer move (never React state), formatted here so tests and the page agree.

export function formatReadout(x: number, y: number, width: number, height: number, pixels: Float32Array): string {
  const i = Math.floor(x)
  const j = Math.floor(y)
  if (i < 0 || j < 0 || i >= width || j >= height) return ''
  const v = pixels[j * width + i]
  const shown = Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)
  return `x ${i}  y ${j}  value ${shown}`
}

export interface ReadoutTarget {
  textContent: string | null
}

/** Update only when the text changes: setting textContent forces a layout. */
export function writeReadout(el: ReadoutTarget | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text
}
