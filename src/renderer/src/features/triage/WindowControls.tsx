import { presetsFor, type DisplayWindow, type WindowPreset } from '../../components/window-level'

/** W/L mode toggle (left-drag adjusts W/L) and the presets valid for this image. */
export function WindowControls({ min, stored, wlMode, onWlMode, onPreset }: {
  min: number; stored: DisplayWindow | null; wlMode: boolean; onWlMode: (on: boolean) => void; onPreset: (p: WindowPreset) => void
}) {
  const presets = presetsFor(min, stored)
  return (
    <div className="window-controls">
      <button className={wlMode ? 'active' : ''} data-testid="wl-mode" title="Left-drag changes window/level (right-drag always does)"
        onClick={() => onWlMode(!wlMode)}>W/L</button>
      <select data-testid="wl-preset" value="" onChange={(e) => { const p = presets.find((x) => x.key === e.target.value); if (p) onPreset(p) }}>
        <option value="" disabled>Window preset…</option>
        {presets.map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
      </select>
    </div>
  )
}
