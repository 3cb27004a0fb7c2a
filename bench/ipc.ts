// IPC round trip (renderer → main → renderer through the serve WebSocket) while idle and while a
// training run is in progress: training lives in the trainer process, so main must stay quick.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProject } from '../src/main/services/project'
import { runImport } from '../src/main/services/import'
import { makeLayoutFolder } from '../test/fixtures/layouts'
import { machine, percentile, printTable } from './lib/machine'
import { writeSuiteJson as writeResults } from './lib/trainMachine'
import { startServeApi } from './lib/serve'

async function pings(api: Awaited<ReturnType<typeof startServeApi>>['api'], projectId: string, n: number, gapMs: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    // A realistic request: a page of the dataset browser, not just an echo.
    await api.images.list({ projectId, offset: (i * 20) % 100, limit: 20 })
    out.push(performance.now() - t)
    await new Promise((r) => setTimeout(r, gapMs))
  }
  return out
}

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'radlab-bench-ipc-'))
  const server = await (async () => {
    const f = makeLayoutFolder('images-masks', join(work, 'src'), 60, 96)
    const p = createProject(join(work, 'p'))
    await runImport(p, { paths: [f.root] })
    p.close()
    return startServeApi(join(work, 'p'), { RADLAB_HOME: join(work, 'home') })
  })()
  try {
    const { api } = server
    const project = await api.projects.open({ dir: join(work, 'p') })
    const idle = await pings(api, project.id, 300, 5)
    const run = await api.training.start({ projectId: project.id, config: { task: 'segmentation', epochs: 50, inputSize: 64, batchSize: 8 } })
    // Wait for the trainer to be busy before measuring.
    await new Promise<void>((resolve) => { const off = api.on('training:progress', () => { off(); resolve() }) })
    const busy = await pings(api, project.id, 300, 5)
    await api.training.cancel({ projectId: project.id, runId: run.id })
    const result = {
      ipcP99MsIdle: Math.round(percentile(idle, 99) * 100) / 100,
      ipcP99MsDuringTraining: Math.round(percentile(busy, 99) * 100) / 100,
      ipcP50MsIdle: Math.round(percentile(idle, 50) * 100) / 100,
      ipcP50MsDuringTraining: Math.round(percentile(busy, 50) * 100) / 100,
      samples: idle.length,
      ...machine(),
    }
    printTable(result)
    console.log(`wrote ${writeResults('ipc', result)}`)
    return result
  } finally {
    server.stop()
    await new Promise((r) => setTimeout(r, 500))
    rmSync(work, { recursive: true, force: true })
  }
}
