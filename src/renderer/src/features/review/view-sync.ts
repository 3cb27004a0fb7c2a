// One view state (zoom/pan transform and window/level) shared by the three review views. Pointer
// moves write here, never into React state; listeners run once per animation frame.
import type { ViewTransform } from '../../canvas/viewer/view-transform'
import type { DisplayWindow } from '../../components/window-level'

export interface SharedView {
  transform: ViewTransform
  window: DisplayWindow
}

type Schedule = (fn: () => void) => () => void

const rafSchedule: Schedule = (fn) => {
  const id = requestAnimationFrame(fn)
  return () => cancelAnimationFrame(id)
}

export class ViewSync {
  private state: SharedView
  private readonly listeners = new Set<(s: SharedView) => void>()
  private cancelPending: (() => void) | null = null

  constructor(initial: SharedView, private readonly schedule: Schedule = rafSchedule) {
    this.state = initial
  }

  get(): SharedView {
    return this.state
  }

  /** Merges the change; listeners hear the latest state once, on the next frame. */
  set(patch: Partial<SharedView>): void {
    this.state = { ...this.state, ...patch }
    if (this.cancelPending) return
    this.cancelPending = this.schedule(() => {
      this.cancelPending = null
      for (const l of this.listeners) l(this.state)
    })
  }

  subscribe(listener: (s: SharedView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    this.cancelPending?.()
    this.cancelPending = null
    this.listeners.clear()
  }
}
