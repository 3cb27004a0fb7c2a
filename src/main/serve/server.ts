// `radlab serve`: the built renderer over HTTP plus the contract over a WebSocket, on loopback
// by default. A random token (printed in the URL, as Jupyter does) is required for the socket,
// the Origin must be this server's own, and the Host header must name it (DNS rebinding).
import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeWire, encodeWire } from '../../shared/wire'
import type { AppContext } from '../app-context'
import type { Registry } from '../ipc/registry'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.wasm': 'application/wasm', '.ico': 'image/x-icon',
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:* ws://localhost:* ws://[::1]:*; worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'"

export interface ServeOptions {
  port?: number
  host?: string
  token?: string
  rendererDir: string
}

export interface RunningServer {
  url: string
  token: string
  port: number
  server: Server
  close(): Promise<void>
}

export async function startServer(ctx: AppContext, registry: Registry, opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex')
  const host = opts.host ?? '127.0.0.1'
  const rendererDir = resolve(opts.rendererDir)
  let port = opts.port ?? 0

  const server = createServer((req, res) => {
    if (!hostAllowed(req, host, port)) {
      res.writeHead(403).end('forbidden host')
      return
    }
    const url = new URL(req.url ?? '/', 'http://x')
    let rel = decodeURIComponent(url.pathname)
    if (rel === '/' || !extname(rel)) rel = '/index.html'
    const file = normalize(join(rendererDir, rel))
    if (!file.startsWith(rendererDir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    createReadStream(file).pipe(res)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 * 1024 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const origin = req.headers.origin
    const originOk = origin === undefined || allowedOrigins(host, port).includes(origin)
    if (url.pathname !== '/ws' || url.searchParams.get('token') !== token || !originOk || !hostAllowed(req, host, port)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  const clients = new Set<WebSocket>()
  const unsubscribe = ctx.events.subscribe((channel, payload) => {
    const text = encodeWire({ event: channel, payload })
    for (const c of clients) if (c.readyState === c.OPEN) c.send(text)
  })

  wss.on('connection', (ws) => {
    clients.add(ws)
    ws.on('close', () => clients.delete(ws))
    ws.on('message', async (data) => {
      let msg: { id?: unknown; channel?: unknown; input?: unknown }
      try {
        msg = decodeWire(data.toString()) as typeof msg
      } catch {
        ws.send(encodeWire({ id: null, result: { ok: false, error: { code: 'invalid_input', message: 'message is not valid JSON' } } }))
        return
      }
      const result = await registry.invoke(String(msg.channel), msg.input)
      if (ws.readyState === ws.OPEN) ws.send(encodeWire({ id: msg.id, result }))
    })
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolveListen())
  })
  port = (server.address() as { port: number }).port
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    server,
    close: () => new Promise<void>((r) => {
      unsubscribe()
      for (const c of clients) c.terminate()
      wss.close()
      server.close(() => r())
      server.closeAllConnections()
    }),
  }
}

function allowedOrigins(host: string, port: number): string[] {
  const hosts = host === '127.0.0.1' || host === 'localhost' || host === '::1' ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host, '127.0.0.1', 'localhost']
  return hosts.map((h) => `http://${h}:${port}`)
}

function hostAllowed(req: IncomingMessage, host: string, port: number): boolean {
  const h = req.headers.host
  if (!h) return false
  if (host === '0.0.0.0' || host === '::') return true
  return allowedOrigins(host, port).some((o) => o === `http://${h}`)
}
