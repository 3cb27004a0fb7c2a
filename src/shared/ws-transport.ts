// The serve-mode transport: the same RawTransport over a token-protected WebSocket.
// Uses only the WebSocket global (browsers, Node ≥ 22, or one passed in for Node 20 tests).
// If the connection drops (server restarted, laptop slept), it reconnects with backoff; calls
// made meanwhile wait for the new connection instead of failing.
import type { RawTransport } from './api-builder'
import type { Result } from './errors'
import { decodeWire, encodeWire } from './wire'

interface WsLike {
  readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (ev: { data?: unknown }) => void): void
}

export interface WsTransport extends RawTransport {
  /** The first connection. */
  ready: Promise<void>
  close(): void
}

const RETRY_MS = [500, 1000, 2000, 5000, 10000]

export function createWsTransport(url: string, WebSocketImpl?: new (url: string) => WsLike): WsTransport {
  const Impl = WebSocketImpl ?? (globalThis as unknown as { WebSocket: new (url: string) => WsLike }).WebSocket
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let closedByUser = false
  let attempt = 0
  let ws: WsLike
  let connected: Promise<void>

  const connect = (): Promise<void> => {
    ws = new Impl(url)
    const socket = ws
    const opened = new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => { attempt = 0; resolve() })
      socket.addEventListener('error', () => reject(new Error(`cannot connect to RadLab at ${url.replace(/token=[^&]+/, 'token=…')}`)))
    })
    socket.addEventListener('message', (ev) => {
      const msg = decodeWire(String(ev.data)) as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown }
      if (msg.event) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
        return
      }
      const resolve = pending.get(msg.id ?? -1)
      if (resolve && msg.result) {
        pending.delete(msg.id!)
        resolve(msg.result)
      }
    })
    socket.addEventListener('close', () => {
      // Requests in flight on this socket never get an answer: fail them (the caller may retry).
      for (const r of pending.values()) r({ ok: false, error: { code: 'internal', message: 'the connection to RadLab was lost' } })
      pending.clear()
      if (closedByUser) return
      const delay = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]
      connected = new Promise<void>((resolve) => setTimeout(() => connect().then(resolve, () => resolve()), delay))
    })
    return opened
  }
  connected = connect()
  const ready = connected

  return {
    ready,
    close: () => {
      closedByUser = true
      ws.close()
    },
    async invoke(channel, input) {
      try {
        await connected
      } catch {
        // The first attempt failed; a reconnect may be under way.
      }
      if (closedByUser) return { ok: false, error: { code: 'internal', message: 'the connection to RadLab was closed' } }
      if (ws.readyState !== 1) return { ok: false, error: { code: 'internal', message: 'not connected to RadLab (reconnecting…)' } }
      const id = nextId++
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve)
        ws.send(encodeWire({ id, channel, input }))
      })
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }
}
