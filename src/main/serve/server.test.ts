import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../../../test/fixtures'
import { buildApi, RadlabApiError } from '../../shared/api-builder'
import { createWsTransport } from '../../shared/ws-transport'
import { createAppContext } from '../app-context'
import { createHandlers } from '../ipc/handlers'
import { createRegistry } from '../ipc/registry'
import { startServer, type RunningServer } from './server'

let dir: string
let server: RunningServer

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-serve-'))
  process.env.RADLAB_HOME = join(dir, 'home')
  const renderer = join(dir, 'renderer')
  mkdirSync(renderer)
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>RadLab</title>')
  const ctx = createAppContext('serve')
  server = await startServer(ctx, createRegistry(createHandlers(ctx)), { rendererDir: renderer })
})
afterAll(async () => {
  await server.close()
  delete process.env.RADLAB_HOME
  rmSync(dir, { recursive: true, force: true })
})

function wsUrl(token: string) {
  return `ws://127.0.0.1:${server.port}/ws?token=${token}`
}

function connectStatus(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => { ws.close(); resolve('open') })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

describe('radlab serve transport', () => {
  it('listens on loopback only and prints a URL with a random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[0-9a-f]{48}$`))
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1')
  })

  it('refuses a socket without the right token or from another Origin', async () => {
    expect(await connectStatus(wsUrl('wrong'))).toBe(403)
    expect(await connectStatus(wsUrl(server.token), { Origin: 'http://evil.example' })).toBe(403)
    expect(await connectStatus(wsUrl(server.token), { Origin: `http://127.0.0.1:${server.port}` })).toBe('open')
  })

  it('refuses HTTP requests whose Host is not this server (DNS rebinding)', async () => {
    const ok = await fetch(`http://127.0.0.1:${server.port}/`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'")
    const bad = await new Promise<number>((resolve) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { Host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0))
        req.end()
      })
    })
    expect(bad).toBe(403)
  })

  it('serves the contract end to end: validation errors as data, typed arrays intact', async () => {
    const t = createWsTransport(wsUrl(server.token), WebSocket as never)
    const api = buildApi(t)
    const err = await api.projects.open({ dir: '' }).catch((e) => e)
    expect(err).toBeInstanceOf(RadlabApiError)
    expect(err.code).toBe('invalid_input')
    expect(err.message).toMatch(/projects:open: dir/)

    const p = await api.projects.create({ dir: join(dir, 'proj'), name: 'Serve test' })
    const f = makeLayoutFolder('images-masks', join(dir, 'src'), 3, 48)
    const progress: number[] = []
    const off = api.on('import:progress', (e) => progress.push(e.done))
    const summary = await api.import.run({ projectId: p.id, paths: [f.root] })
    off()
    expect(summary.imagesAdded).toBe(f.expected.images)
    expect(progress.length).toBeGreaterThan(0)
    const list = await api.images.list({ projectId: p.id, offset: 0, limit: 10, filter: { hasMask: true } })
    expect(list.total).toBe(f.expected.masks)
    const px = await api.images.pixels({ projectId: p.id, imageId: list.items[0].id })
    expect(px.data.length).toBe(48 * 48)
    const mask = await api.masks.current({ projectId: p.id, imageId: list.items[0].id })
    expect(mask.labels).toBeInstanceOf(Uint8Array)
    const labels = new Uint8Array(48 * 48); labels[100] = 1
    const saved = await api.masks.save({ projectId: p.id, imageId: list.items[0].id, parentId: mask.version!.id, labels, author: 'Dr WS' })
    expect(saved.area).toBe(1)
    const thumbs = await api.images.thumbnails({ projectId: p.id, ids: list.items.map((i) => i.id) })
    expect(thumbs).toHaveLength(list.items.length)
    expect(Buffer.from(thumbs[0].png.subarray(1, 4)).toString('latin1')).toBe('PNG')
    const notOpen = await api.images.list({ projectId: 'nope', offset: 0, limit: 1 }).catch((e) => e)
    expect(notOpen.code).toBe('project_not_open')
    t.close()
  })
})
