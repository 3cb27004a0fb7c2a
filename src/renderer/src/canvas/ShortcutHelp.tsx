// The `?` help overlay's content: the key and mouse map from shortcuts.ts as a table.
import { SHORTCUTS } from './shortcuts'

export function ShortcutHelp({ onClose }: { onClose?: () => void }) {
  return (
    <div data-testid="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose}>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' / '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
