// A folder path typed by hand, with a Browse button where the desktop shell offers a picker.
import { canPick, pickPaths } from '../../components/native-paths'

export function PathField({ value, onChange, testId, placeholder }: { value: string; onChange: (v: string) => void; testId: string; placeholder?: string }) {
  return (
    <div className="path-field">
      <input data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder ?? '/path/to/folder'} spellCheck={false} />
      {canPick() && (
        <button type="button" onClick={async () => {
          const [p] = await pickPaths('folder', 'Choose a folder')
          if (p) onChange(p)
        }}>Browse…</button>
      )}
    </div>
  )
}
