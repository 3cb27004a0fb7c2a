// Builds the typed `RadlabApi` (api.masks.save(…)) over any transport that can invoke a channel
// and subscribe to events. Errors arrive as data and are rethrown with their code intact.
import type { EventChannel, EventPayloads, RadlabApi } from './contract'
import { INVOKE_CHANNELS } from './channels'
import { channelMethod } from './channel-names'
import type { ErrorData, Result } from './errors'

export interface RawTransport {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  on(event: string, listener: (payload: unknown) => void): () => void
}

export class RadlabApiError extends Error {
  readonly code: ErrorData['code']
  readonly details?: unknown
  constructor(data: ErrorData) {
    super(data.message)
    this.name = 'RadlabApiError'
    this.code = data.code
    this.details = data.details
  }
}

export function buildApi(transport: RawTransport): RadlabApi {
  const api: Record<string, unknown> = {}
  for (const channel of INVOKE_CHANNELS) {
    const [domain, method] = channelMethod(channel)
    const group = (api[domain] ??= {}) as Record<string, unknown>
    group[method] = async (input: unknown) => {
      const result = await transport.invoke(channel, input ?? {})
      if (!result.ok) throw new RadlabApiError(result.error)
      return result.value
    }
  }
  api.on = <E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) =>
    transport.on(event, listener as (p: unknown) => void)
  return api as unknown as RadlabApi
}
