// Argument checks shared by the model factories: each error names the field and the value.

export function requireInt(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field} must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
  return value
}

export function requireNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${field} must be a number from ${min} to ${max}, got ${String(value)}`)
  }
  return value
}

export function requireBool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${field} must be true or false, got ${String(value)}`)
  return value
}

/** Deterministic per-layer seeds: each initialiser gets its own stream from the run's seed. */
export function seedSequence(seed: number): () => number {
  let n = 0
  return () => (seed * 1009 + ++n * 7919) % 2147483647
}
