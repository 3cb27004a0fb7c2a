import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Command } from 'commander'
import { createAppContext } from '../../main/app-context'
import { createHandlers } from '../../main/ipc/handlers'
import { createRegistry } from '../../main/ipc/registry'
import { startServer } from '../../main/serve/server'
import { fail } from '../output'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The renderer `radlab serve` hands out; built on first use so `npx radlab serve` works after install. */
export function ensureRendererBuilt(): string {
  const dir = join(REPO_ROOT, 'out', 'renderer')
  if (existsSync(join(dir, 'index.html'))) return dir
  process.stderr.write('radlab: building the app once (electron-vite build)…\n')
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0 || !existsSync(join(dir, 'index.html'))) fail(new Error('building the renderer failed; run `npm run build` to see why'))
  return dir
}

export function registerServeCommand(program: Command) {
  program.command('serve [project]')
    .description('serve the app to a browser on this machine (token-protected, loopback only by default)')
    .option('--port <port>', 'port (default: a free one)', (v) => Number(v))
    .option('--host <host>', 'address to listen on; anything but loopback exposes patient data to the network', '127.0.0.1')
    .option('--token <token>', 'use this token instead of a random one')
    .action(async (projectDir: string | undefined, o: { port?: number; host: string; token?: string }) => {
      const rendererDir = ensureRendererBuilt()
      const ctx = createAppContext('serve')
      if (projectDir) ctx.projects.open(projectDir)
      const registry = createRegistry(createHandlers(ctx))
      const server = await startServer(ctx, registry, { port: o.port, host: o.host, token: o.token ?? process.env.RADLAB_TOKEN, rendererDir })
      if (o.host !== '127.0.0.1' && o.host !== 'localhost' && o.host !== '::1') {
        process.stderr.write(`radlab: WARNING: listening on ${o.host}: anyone on that network with the token can see this project\n`)
      }
      process.stdout.write(`RadLab is running at ${server.url}\n`)
      const stop = async () => {
        ctx.jobs.shutdown()
        await server.close()
        ctx.projects.closeAll()
        process.exit(0)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
}
