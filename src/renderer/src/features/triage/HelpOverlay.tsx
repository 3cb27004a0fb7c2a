import { keyHelp } from './triage-keys'

/** The "?" overlay: every triage key, generated from the same key map the page uses. */
export function HelpOverlay({ classNames, onClose }: { classNames: string[]; onClose: () => void }) {
  return (
    <div className="help-overlay" data-testid="help-overlay" onClick={onClose}>
      <div className="card" onClick={(e) => e.stopPropagation()}>
        <h2>Triage keys</h2>
        <table>
          <tbody>{keyHelp(classNames).map(([k, what]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{what}</td></tr>)}</tbody>
        </table>
        <button onClick={onClose}>Close (Esc)</button>
      </div>
    </div>
  )
}
