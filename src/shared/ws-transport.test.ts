import WebSocket, { WebSocketServer } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { createWsTransport } from './ws-transport'
import { decodeWire, encodeWire } from './wire'

let server: WebSocketServer | null = null
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())))

describe('serve WebSocket transport', () => {
  it('reconnects after the connection drops and answers again', async () => {
    let connections = 0
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    server.on('connection', (ws) => {
      connections++
      ws.on('message', (d) => {
        const m = decodeWire(String(d)) as { id: number; input: { t: number } }
        ws.send(encodeWire({ id: m.id, result: { ok: true, value: m.input } }))
      })
    })
    await new Promise((r) => server!.once('listening', r))
    const port = (server.address() as { port: number }).port
    const t = createWsTransport(`ws://127.0.0.1:${port}/ws?token=x`, WebSocket as never)
    expect(await t.invoke('system:ping', { t: 1 })).toEqual({ ok: true, value: { t: 1 } })
    for (const c of server.clients) c.terminate()
    let answer: unknown = null
    for (let k = 0; k < 40 && !(answer as { ok?: boolean } | null)?.ok; k++) {
      await new Promise((r) => setTimeout(r, 100))
      answer = await t.invoke('system:ping', { t: 2 })
    }
    expect(answer).toEqual({ ok: true, value: { t: 2 } })
    expect(connections).toBe(2)
    t.close()
  })
})
