// Volumes: the slice slider and index, and "fill between slices" from two key slices (one undoable
// step; the in-between slices are saved as new versions).
import { useEffect, useState } from 'react'

export function SlicePanel(props: {
  index: number
  count: number
  volumeName: string
  onSlice: (i: number) => void
  onFill: (a: number, b: number) => void
  defaultKeys: () => [number, number]
  disabled: boolean
}) {
  const { index, count } = props
  const [from, setFrom] = useState(1)
  const [to, setTo] = useState(count)
  useEffect(() => {
    const [a, b] = props.defaultKeys()
    setFrom(a + 1)
    setTo(b + 1)
    // Defaults when a volume opens; the user sets them after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.volumeName, count])
  const clamp = (v: number) => Math.max(1, Math.min(count, Math.round(v) || 1))
  return (
    <section className="annotate-slices" data-testid="slice-panel">
      <h3>Volume <span className="muted small">{props.volumeName}</span></h3>
      <div className="slice-nav">
        <button data-testid="slice-prev" onClick={() => props.onSlice(index - 1)} disabled={index <= 0} title="Previous slice (↓ / PageDown)">▼</button>
        <input
          data-testid="slice-slider" type="range" min={0} max={count - 1} value={index}
          onChange={(e) => props.onSlice(Number(e.target.value))} aria-label="Slice"
        />
        <button data-testid="slice-next" onClick={() => props.onSlice(index + 1)} disabled={index >= count - 1} title="Next slice (↑ / PageUp)">▲</button>
        <span data-testid="slice-index">{index + 1} / {count}</span>
      </div>
      <div className="fill-between">
        <label>From <input data-testid="fill-from" type="number" min={1} max={count} value={from} onChange={(e) => setFrom(clamp(Number(e.target.value)))} /></label>
        <button className="link" onClick={() => setFrom(index + 1)} title="Use the shown slice">here</button>
        <label>to <input data-testid="fill-to" type="number" min={1} max={count} value={to} onChange={(e) => setTo(clamp(Number(e.target.value)))} /></label>
        <button className="link" onClick={() => setTo(index + 1)} title="Use the shown slice">here</button>
        <button data-testid="fill-between" disabled={props.disabled || Math.abs(to - from) < 2} onClick={() => props.onFill(from - 1, to - 1)}>
          Fill between slices
        </button>
      </div>
    </section>
  )
}
