// The handler registry both transports call. It validates every input against the contract's
// zod schema (the renderer is untrusted) and turns every failure into error data.
import type { z } from 'zod'
import { invokeChannels, type InvokeChannel, type InvokeChannels, type InvokeOutput } from '../../shared/contract'
import { RadlabError, toErrorData, type Result } from '../../shared/errors'

export type Handler<C extends InvokeChannel> = (input: z.output<InvokeChannels[C]['input']>) => Promise<InvokeOutput<C>> | InvokeOutput<C>
export type Handlers = { [C in InvokeChannel]: Handler<C> }

export interface Registry {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>
  channels(): string[]
}

export function createRegistry(handlers: Handlers): Registry {
  return {
    channels: () => Object.keys(invokeChannels),
    async invoke(channel, input) {
      if (!Object.prototype.hasOwnProperty.call(invokeChannels, channel)) {
        return { ok: false, error: { code: 'invalid_input', message: `unknown channel ${String(channel)}` } }
      }
      const c = channel as InvokeChannel
      const parsed = invokeChannels[c].input.safeParse(input ?? {})
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        const field = first?.path.length ? first.path.join('.') : 'input'
        return {
          ok: false,
          error: { code: 'invalid_input', message: `${channel}: ${field}: ${first?.message ?? 'invalid'}`, details: parsed.error.issues },
        }
      }
      try {
        const value = await (handlers[c] as (i: unknown) => unknown)(parsed.data)
        return { ok: true, value }
      } catch (err) {
        const data = toErrorData(err)
        if (data.code === 'internal' && !(err instanceof RadlabError)) {
          console.error(`[radlab] ${channel} failed:`, err)
        }
        return { ok: false, error: data }
      }
    },
  }
}
