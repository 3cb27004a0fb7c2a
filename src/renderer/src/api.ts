// The renderer's one way to main: the typed API built from the contract over whichever
// transport this window has (Electron preload, or the serve WebSocket with its token).
import { buildApi, type RawTransport } from '../../shared/api-builder'
import type { RadlabApi } from '../../shared/contract'
import { createWsTransport } from '../../shared/ws-transport'
import { channelMethod } from '../../shared/channel-names'
import type { Result } from '../../shared/errors'

/** What the Electron preload exposes: one function per channel returning a Result, and `on`. */
type PreloadApi = Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> & {
  on(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    radlab?: PreloadApi
  }
}

function connect(): RawTransport {
  const preload = window.radlab
  if (preload) {
    return {
      invoke: (channel, input) => {
        const [domain, method] = channelMethod(channel)
        return preload[domain][method](input)
      },
      on: (event, listener) => preload.on(event, listener),
    }
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? sessionStorage.getItem('radlab-token')
  if (!token) throw new Error('This page needs the token printed by `radlab serve` (open the URL it printed).')
  sessionStorage.setItem('radlab-token', token)
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return createWsTransport(`${proto}://${window.location.host}/ws?token=${encodeURIComponent(token)}`)
}

export const api: RadlabApi = buildApi(connect())
export { RadlabApiError } from '../../shared/api-builder'
