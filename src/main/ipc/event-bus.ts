import type { EventChannel, EventPayloads } from '../../shared/contract'

type Listener = (channel: EventChannel, payload: unknown) => void

/** Main → renderer pushes; each transport subscribes once and forwards to its clients. */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) {
      try {
        l(channel, payload)
      } catch {
        // A closed window or socket must not break the service that emitted.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
