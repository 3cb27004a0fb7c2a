// Starts a real `radlab serve` child and connects the typed API over its WebSocket, so benches
// measure the same path the renderer uses.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { buildApi } from '../../src/shared/api-builder'
import type { RadlabApi } from '../../src/shared/contract'
import { createWsTransport } from '../../src/shared/ws-transport'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

export async function startServeApi(project: string, env: Record<string, string> = {}): Promise<{ api: RadlabApi; url: string; proc: ChildProcess; stop: () => void }> {
  const proc = spawn(process.execPath, [`${REPO}bin/radlab.mjs`, 'serve', project], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d) => {
      out += String(d)
      const m = /running at (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    proc.once('exit', (c) => reject(new Error(`radlab serve exited with ${c}`)))
  })
  const u = new URL(url)
  const transport = createWsTransport(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, WebSocket as never)
  await transport.ready
  return { api: buildApi(transport), url, proc, stop: () => { transport.close(); proc.kill('SIGTERM') } }
}
