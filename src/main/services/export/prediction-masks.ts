// Turning stored predictions into label maps: the same cut-off the review uses (prob ≥ t·255),
// painted with the project's first mask class value, as "accept prediction" does.
import type { Project } from '../project'
import { DEFAULT_THRESHOLD } from '../review'

export function maskClassValue(project: Project): number {
  return project.repos.classes.list().find((c) => c.kind === 'mask')?.value ?? 1
}

/** Thresholded label map of a uint8 probability map. */
export function probToLabels(prob: Uint8Array, value: number, threshold = DEFAULT_THRESHOLD): Uint8Array {
  const cut = Math.round(threshold * 255)
  const out = new Uint8Array(prob.length)
  for (let i = 0; i < prob.length; i++) out[i] = prob[i] >= cut && prob[i] > 0 ? value : 0
  return out
}

export function asBytes(b: Buffer | Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}
