// The serve-mode transport: the same RawTransport over a token-protected WebSocket.
// Uses only the WebSocket global (browsers, Node ≥ 22, or one passed in for Node 20 tests).
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
  ready: Promise<void>
  close(): void
}

export function createWsTransport(url: string, WebSocketImpl?: new (url: string) => WsLike): WsTransport {
  const Impl = WebSocketImpl ?? (globalThis as unknown as { WebSocket: new (url: string) => WsLike }).WebSocket
  const ws = new Impl(url)
  let nextId = 1
  const pending = new Map<number, (r: Result<unknown>) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let closedReason: string | null = null

  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve())
    ws.addEventListener('error', () => reject(new Error(`cannot connect to RadLab at ${url.replace(/token=[^&]+/, 'token=…')}`)))
  })
  ws.addEventListener('message', (ev) => {
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
  ws.addEventListener('close', () => {
    closedReason = 'the connection to RadLab was closed'
    for (const r of pending.values()) r({ ok: false, error: { code: 'internal', message: closedReason } })
    pending.clear()
  })

  return {
    ready,
    close: () => ws.close(),
    async invoke(channel, input) {
      await ready
      if (closedReason) return { ok: false, error: { code: 'internal', message: closedReason } }
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
