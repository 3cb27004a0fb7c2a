// `?`: every key and mouse gesture of the page, the canvas library's and the page's own.
import { ShortcutHelp } from '../../canvas'
import { PAGE_SHORTCUTS } from './page-shortcuts'

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="help-overlay" data-testid="help-overlay" onClick={onClose}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard and mouse</h2>
        <ShortcutHelp />
        <h3>Images</h3>
        <table data-testid="page-shortcuts">
          <tbody>
            {PAGE_SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' / '}<kbd>{k}</kbd></span>)}</td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button data-testid="help-close" onClick={onClose}>Close (Esc)</button>
      </div>
    </div>
  )
}
