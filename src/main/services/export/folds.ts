// Cross-validation folds that never split a patient: whole groups are dealt, largest first, to
// the fold with the fewest cases so far (deterministic: ties go to the lower fold, groups sorted by key).

export interface Fold { train: string[]; val: string[] }

export function groupedFolds(cases: readonly { id: string; group: string }[], k = 5): Fold[] {
  const groups = new Map<string, string[]>()
  for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c.id])
  const folds = Math.max(1, Math.min(k, groups.size))
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const val: string[][] = Array.from({ length: folds }, () => [])
  for (const [, ids] of ordered) {
    let target = 0
    for (let f = 1; f < folds; f++) if (val[f].length < val[target].length) target = f
    val[target].push(...ids)
  }
  const all = cases.map((c) => c.id)
  return val.map((v) => {
    const inVal = new Set(v)
    return { train: all.filter((id) => !inVal.has(id)).sort(), val: [...v].sort() }
  })
}
