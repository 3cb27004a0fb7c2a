// What an import reports while it runs and when it ends (UI and CLI show the same figures).

export interface ImportProblem {
  file: string
  reason: string
}

export interface ImportSummary {
  layout: string
  filesSeen: number
  imagesAdded: number
  imagesSkippedExisting: number
  duplicates: { file: string; sameAs: string }[]
  bySplit: Record<string, number>
  byClass: Record<string, number>
  masksPaired: number
  imagesWithoutMasks: number
  masksWithoutImages: string[]
  emptyMasks: number
  sizeMismatches: ImportProblem[]
  unreadable: ImportProblem[]
  warnings: string[]
  patientsInSeveralSplits: string[]
  stoppedEarly: string | null
  seconds: number
}

export interface ImportProgress {
  projectId: string
  phase: 'scanning' | 'importing' | 'done'
  done: number
  total: number
  current: string
}
