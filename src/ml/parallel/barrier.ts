/**
 * Reusable barrier for worker threads over a SharedArrayBuffer:
 * Int32 slot 0 counts arrivals, slot 1 is the generation. The last thread to
 * arrive resets the count and bumps the generation, waking the others.
 * Slot 2 is a per-step failure flag (see markStepFailed).
 */
export const BARRIER_BYTES = 12

/** A worker whose gradient failed sets this before the barrier, so every worker skips the update. */
export function markStepFailed(sab: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(sab), 2, 1)
}

export function stepFailed(sab: SharedArrayBuffer): boolean {
  return Atomics.load(new Int32Array(sab), 2) === 1
}

/** Called by the coordinator before each step. */
export function clearStepFailed(sab: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(sab), 2, 0)
}

export function barrierWait(sab: SharedArrayBuffer, parties: number): void {
  const s = new Int32Array(sab)
  const gen = Atomics.load(s, 1)
  if (Atomics.add(s, 0, 1) === parties - 1) {
    Atomics.store(s, 0, 0)
    Atomics.add(s, 1, 1)
    Atomics.notify(s, 1)
    return
  }
  while (Atomics.load(s, 1) === gen) Atomics.wait(s, 1, gen)
}
