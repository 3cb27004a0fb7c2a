// The editor's controls: tools, brush size, label class, overlay, view, window/level and the
// editable intensity range. Every control has a key too (see the help overlay).
import type { LabelClass } from '../../../../shared/domain'
import { WINDOW_PRESETS, type EditorToolName, type MaskDisplayMode, type WindowLevel } from '../../canvas'

export interface ToolSettings {
  tool: EditorToolName
  brushSize: number
  classValue: number
  opacity: number
  displayMode: MaskDisplayMode
  maskVisible: boolean
  rangeOn: boolean
  rangeLow: number
  rangeHigh: number
  tolerance: number
}

const TOOLS: { tool: EditorToolName; key: string; label: string }[] = [
  { tool: 'brush', key: 'B', label: 'Brush' },
  { tool: 'eraser', key: 'E', label: 'Eraser' },
  { tool: 'polygon', key: 'P', label: 'Polygon' },
  { tool: 'fill', key: 'F', label: 'Fill' },
  { tool: 'windowLevel', key: 'W', label: 'W/L' },
  { tool: 'pan', key: 'Space', label: 'Pan' },
]

export function Toolbar(props: {
  settings: ToolSettings
  onChange: (patch: Partial<ToolSettings>) => void
  classes: LabelClass[]
  windowLevel: WindowLevel | null
  storedWindow: WindowLevel | null
  onWindow: (w: WindowLevel | 'auto') => void
  onFit: () => void
  onOneToOne: () => void
  onAddClass: () => void
  disabled: boolean
}) {
  const { settings: s, onChange } = props
  return (
    <div className="annotate-toolbar" data-testid="annotate-toolbar">
      <div className="tool-group" role="group" aria-label="Tools">
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            data-testid={`tool-${t.tool}`}
            className={s.tool === t.tool ? 'active' : ''}
            aria-pressed={s.tool === t.tool}
            title={`${t.label} (${t.key})`}
            onClick={() => onChange({ tool: t.tool })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <label title="Brush size in image pixels ([ and ])">
        Size
        <input
          data-testid="brush-size" type="number" min={1} max={512} value={s.brushSize}
          onChange={(e) => onChange({ brushSize: Math.max(1, Math.min(512, Number(e.target.value) || 1)) })}
        />
      </label>
      <div className="tool-group class-picker" role="group" aria-label="Label class">
        {props.classes.map((c, i) => (
          <button
            key={c.id}
            data-testid={`class-${c.name}`}
            className={s.classValue === c.value ? 'active' : ''}
            aria-pressed={s.classValue === c.value}
            title={`${c.name} (${i + 1})`}
            onClick={() => onChange({ classValue: c.value! })}
          >
            <span className="swatch" style={{ background: c.color }} />
            {i < 9 ? `${i + 1} ` : ''}{c.name}
          </button>
        ))}
        <button data-testid="add-class-open" title="Add a label class" onClick={props.onAddClass}>+</button>
      </div>
      <label title="Mask opacity (, and .)">
        Opacity
        <input
          data-testid="opacity" type="range" min={0} max={1} step={0.05} value={s.opacity}
          onChange={(e) => onChange({ opacity: Number(e.target.value) })}
        />
      </label>
      <button data-testid="display-mode" title="Fill / outline (O)" onClick={() => onChange({ displayMode: s.displayMode === 'fill' ? 'outline' : 'fill' })}>
        {s.displayMode === 'fill' ? 'Overlay: filled' : 'Overlay: outline'}
      </button>
      <button data-testid="mask-visible" aria-pressed={!s.maskVisible} title="Hide / show the mask (H)" onClick={() => onChange({ maskVisible: !s.maskVisible })}>
        {s.maskVisible ? 'Hide mask' : 'Show mask'}
      </button>
      <button data-testid="view-fit" title="Fit (0)" onClick={props.onFit}>Fit</button>
      <button data-testid="view-1to1" title="1:1 (=)" onClick={props.onOneToOne}>1:1</button>
      <label title="Window/level preset (A = automatic)">
        W/L
        <select
          data-testid="window-preset"
          value=""
          onChange={(e) => {
            const v = e.target.value
            if (v === 'auto') props.onWindow('auto')
            else if (v === 'stored' && props.storedWindow) props.onWindow(props.storedWindow)
            else {
              const p = WINDOW_PRESETS.find((x) => x.id === v)
              if (p) props.onWindow({ center: p.center, width: p.width })
            }
          }}
        >
          <option value="">{props.windowLevel ? `W ${fmt(props.windowLevel.width)} L ${fmt(props.windowLevel.center)}` : 'preset…'}</option>
          <option value="auto">Automatic (0.5–99.5 %)</option>
          {props.storedWindow && <option value="stored">From the file</option>}
          {WINDOW_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </label>
      <span className="range-group" title="Brush and polygon only paint pixels whose value lies in [low, high]">
        <label>
          <input data-testid="range-enabled" type="checkbox" checked={s.rangeOn} onChange={(e) => onChange({ rangeOn: e.target.checked })} />
          Range
        </label>
        <input data-testid="range-low" type="number" value={s.rangeLow} disabled={!s.rangeOn} onChange={(e) => onChange({ rangeLow: Number(e.target.value) })} />
        –
        <input data-testid="range-high" type="number" value={s.rangeHigh} disabled={!s.rangeOn} onChange={(e) => onChange({ rangeHigh: Number(e.target.value) })} />
      </span>
      <label title="Flood fill: pixels within this many value units of the clicked one">
        Tolerance
        <input data-testid="fill-tolerance" type="number" min={0} value={s.tolerance} onChange={(e) => onChange({ tolerance: Math.max(0, Number(e.target.value) || 0) })} />
      </label>
      {props.disabled && <span className="muted small">read-only</span>}
    </div>
  )
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2).replace(/\.?0+$/, '')
}
