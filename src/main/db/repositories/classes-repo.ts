import type Database from 'better-sqlite3'
import type { LabelClass } from '../../../shared/domain'
import { RadlabError } from '../../../shared/errors'
import { toLabelClass, type ClassRow } from './rows'

// Distinct, colour-blind-friendly defaults (Okabe–Ito), cycled for new classes.
const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999', '#FF6F61']

export function createClassesRepo(db: Database.Database) {
  const list = db.prepare<[], ClassRow>('SELECT * FROM label_classes ORDER BY kind, position, id')
  const byName = db.prepare<[string, string], ClassRow>('SELECT * FROM label_classes WHERE kind = ? AND name = ?')
  const count = db.prepare<[string], { n: number; maxValue: number | null }>('SELECT count(*) AS n, max(value) AS maxValue FROM label_classes WHERE kind = ?')
  const insert = db.prepare('INSERT INTO label_classes(name, color, kind, value, position) VALUES (?, ?, ?, ?, ?)')
  const byId = db.prepare<[number], ClassRow>('SELECT * FROM label_classes WHERE id = ?')

  function ensure(kind: 'mask' | 'image', name: string, color?: string): LabelClass {
    const existing = byName.get(kind, name)
    if (existing) return toLabelClass(existing)
    const { n, maxValue } = count.get(kind)!
    const value = kind === 'mask' ? (maxValue ?? 0) + 1 : null
    if (value !== null && value > 255) throw new RadlabError('invalid_input', 'a project holds at most 255 mask classes')
    const info = insert.run(name, color ?? PALETTE[n % PALETTE.length], kind, value, n)
    return toLabelClass(byId.get(Number(info.lastInsertRowid))!)
  }

  return {
    list: (): LabelClass[] => list.all().map(toLabelClass),
    ensure,
    get(id: number): LabelClass | null {
      const r = byId.get(id)
      return r ? toLabelClass(r) : null
    },
  }
}
export type ClassesRepo = ReturnType<typeof createClassesRepo>
