// The undo/redo bookkeeping both histories share: a cursor over a list of steps, bounded by a
// step count and a byte cap (oldest steps dropped first; the newest is always kept).

export class StepStack<S extends { bytes: number }> {
  private steps: S[] = []
  /** Number of steps applied; steps[cursor..] are redo steps. */
  private cursor = 0
  private total = 0

  constructor(readonly maxSteps: number, readonly maxBytes: number) {}

  get canUndo(): boolean {
    return this.cursor > 0
  }

  get canRedo(): boolean {
    return this.cursor < this.steps.length
  }

  get undoDepth(): number {
    return this.cursor
  }

  get redoDepth(): number {
    return this.steps.length - this.cursor
  }

  get bytes(): number {
    return this.total
  }

  /** Adds a step after the cursor, dropping any redo steps, then enforces the caps. */
  push(step: S): void {
    for (const dropped of this.steps.splice(this.cursor)) this.total -= dropped.bytes
    this.steps.push(step)
    this.total += step.bytes
    this.cursor = this.steps.length
    while (this.steps.length > 1 && (this.steps.length > this.maxSteps || this.total > this.maxBytes)) {
      this.total -= this.steps.shift()!.bytes
      this.cursor--
    }
  }

  /** The step to undo (moving the cursor back), or null. */
  back(): S | null {
    return this.canUndo ? this.steps[--this.cursor] : null
  }

  /** The step to redo (moving the cursor forward), or null. */
  forward(): S | null {
    return this.canRedo ? this.steps[this.cursor++] : null
  }

  clear(): void {
    this.steps = []
    this.cursor = 0
    this.total = 0
  }
}
