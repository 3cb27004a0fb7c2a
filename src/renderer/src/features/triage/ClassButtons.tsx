import type { LabelClass } from '../../../../shared/domain'
import { classLetters } from './triage-keys'

/** One button per image class, with its key(s) and its live count; the current label is highlighted. */
export function ClassButtons({ classes, counts, currentClassId, onAssign, disabled }: {
  classes: LabelClass[]; counts: Record<string, number>; currentClassId: number | null; onAssign: (classId: number) => void; disabled: boolean
}) {
  const letters = classLetters(classes.map((c) => c.name))
  return (
    <div className="class-buttons" data-testid="class-buttons">
      {classes.map((c, i) => {
        const letter = [...letters].find(([, idx]) => idx === i)?.[0]
        return (
          <button key={c.id} className={c.id === currentClassId ? 'class-button current' : 'class-button'} disabled={disabled}
            style={{ borderLeftColor: c.color }} data-testid={`assign-${c.name}`} onClick={() => onAssign(c.id)}>
            <kbd>{i < 9 ? i + 1 : ''}{letter ? `/${letter.toUpperCase()}` : ''}</kbd>
            <span className="class-name">{c.name}</span>
            <span className="count" data-testid={`count-${c.name}`}>{counts[c.name] ?? 0}</span>
          </button>
        )
      })}
    </div>
  )
}
