import type { ImageFilter } from '../../../../shared/contract'
import type { LabelClass } from '../../../../shared/domain'

export interface FilterState {
  split: '' | 'train' | 'val' | 'test' | 'none'
  classId: string
  hasMask: '' | 'yes' | 'no'
  reviewStatus: '' | 'none' | 'draft' | 'in_review' | 'approved'
  search: string
}

export const EMPTY_FILTER: FilterState = { split: '', classId: '', hasMask: '', reviewStatus: '', search: '' }

/** The form's state as the contract's filter (unset fields left out). */
export function toImageFilter(f: FilterState, search: string): ImageFilter {
  const out: ImageFilter = {}
  if (f.split) out.split = f.split
  if (f.classId) out.classId = Number(f.classId)
  if (f.hasMask) out.hasMask = f.hasMask === 'yes'
  if (f.reviewStatus) out.reviewStatus = f.reviewStatus
  if (search.trim()) out.search = search.trim()
  return out
}

/** Filters by split, class, has-mask, review status, and a name search (debounced by the page). */
export function FilterBar({ value, onChange, classes }: { value: FilterState; onChange: (f: FilterState) => void; classes: LabelClass[] }) {
  const set = <K extends keyof FilterState>(k: K, v: FilterState[K]) => onChange({ ...value, [k]: v })
  return (
    <div className="filter-bar" data-testid="filter-bar">
      <input type="search" placeholder="Search by name…" data-testid="filter-search" value={value.search} onChange={(e) => set('search', e.target.value)} />
      <label>Split
        <select data-testid="filter-split" value={value.split} onChange={(e) => set('split', e.target.value as FilterState['split'])}>
          <option value="">all</option><option value="train">train</option><option value="val">val</option><option value="test">test</option><option value="none">none</option>
        </select>
      </label>
      <label>Class
        <select data-testid="filter-class" value={value.classId} onChange={(e) => set('classId', e.target.value)}>
          <option value="">all</option>
          {classes.filter((c) => c.kind === 'image').map((c) => <option key={c.id} value={String(c.id)}>{c.name}</option>)}
        </select>
      </label>
      <label>Mask
        <select data-testid="filter-mask" value={value.hasMask} onChange={(e) => set('hasMask', e.target.value as FilterState['hasMask'])}>
          <option value="">any</option><option value="yes">has mask</option><option value="no">no mask</option>
        </select>
      </label>
      <label>Review
        <select data-testid="filter-review" value={value.reviewStatus} onChange={(e) => set('reviewStatus', e.target.value as FilterState['reviewStatus'])}>
          <option value="">any</option><option value="none">none</option><option value="draft">draft</option><option value="in_review">in review</option><option value="approved">approved</option>
        </select>
      </label>
      {JSON.stringify(value) !== JSON.stringify(EMPTY_FILTER) && <button data-testid="filter-clear" onClick={() => onChange(EMPTY_FILTER)}>Clear</button>}
    </div>
  )
}
