/**
 * A run's class probabilities in the image classes' order. A binary model with one sigmoid
 * output gives P(second class); it is expanded so every class gets its own figure.
 */
export function classProbabilities(probs: number[], classCount: number): number[] {
  if (probs.length === 1 && classCount === 2) return [1 - probs[0], probs[0]]
  return probs
}
