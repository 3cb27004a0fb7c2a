// Validation split drawn grouped by patient, so slices of one patient never sit on both
// sides (that would leak and flatter the validation score). Fixed seed: the same project
// gives the same split every time. Main uses it too when it prepares a snapshot.
import { createRng, shuffled } from '../random'

export interface Splittable {
  imageId: number
  patientKey?: string | null
}

/**
 * Splits items into train and val with about `valFraction` of the items in val, whole
 * patients at a time (items without a patient key are their own group). At least one group
 * goes to each side when there are two groups or more.
 */
export function splitByPatient<T extends Splittable>(items: readonly T[], valFraction = 0.2, seed = 1234): { train: T[]; val: T[] } {
  if (!(valFraction > 0 && valFraction < 1)) throw new RangeError(`valFraction must be between 0 and 1, got ${valFraction}`)
  const groups = new Map<string, T[]>()
  for (const it of items) {
    const key = it.patientKey ? `p:${it.patientKey}` : `i:${it.imageId}`
    const g = groups.get(key)
    if (g) g.push(it)
    else groups.set(key, [it])
  }
  // Sort keys first so the split does not depend on the order rows came from the DB.
  const keys = shuffled([...groups.keys()].sort(), createRng(seed))
  const target = keys.length >= 2 ? Math.max(1, Math.round(items.length * valFraction)) : 0
  const val: T[] = []
  const train: T[] = []
  const valGroups: string[] = []
  for (const key of keys) {
    const g = groups.get(key)!
    if (val.length < target) {
      val.push(...g)
      valGroups.push(key)
    } else train.push(...g)
  }
  // One big patient may have taken everything: give the last val group back to training.
  if (train.length === 0 && valGroups.length > 1) {
    const back = groups.get(valGroups[valGroups.length - 1])!
    train.push(...back)
    val.splice(val.length - back.length, back.length)
  }
  return { train, val }
}
