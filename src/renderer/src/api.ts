// The renderer's one way to main: the typed API built from the contract over whichever
// transport this window has (Electron preload, or the serve WebSocket with its token).
import { buildApi, type RawTransport } from '../../shared/api-builder'
import type { RadlabApi } from '../../shared/contract'
import { createWsTransport } from '../../shared/ws-transport'

declare global {
  interface Window {
    radlabTransport?: RawTransport
  }
}

function connect(): RawTransport {
  if (window.radlabTransport) return window.radlabTransport
  const token = new URLSearchParams(window.location.search).get('token') ?? sessionStorage.getItem('radlab-token')
  if (!token) throw new Error('This page needs the token printed by `radlab serve` (open the URL it printed).')
  sessionStorage.setItem('radlab-token', token)
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws'
  return createWsTransport(`${proto}://${window.location.host}/ws?token=${encodeURIComponent(token)}`)
}

export const api: RadlabApi = buildApi(connect())
export { RadlabApiError } from '../../shared/api-builder'
