// Review performance: U-Net prediction throughput at 128² and 256² through the trainer process,
// opening the review of the next image over the serve transport, and the worst-first queue of
// 10,000 predictions.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProject, openProject } from '../src/main/services/project'
import { runImport } from '../src/main/services/import'
import { trainInProject } from '../src/main/services/train-to-end'
import { EventBus } from '../src/main/ipc/event-bus'
import { JobManager } from '../src/main/jobs/job-manager'
import { ProjectRegistry } from '../src/main/services/project-registry'
import { listPredictions, scoreNewPredictions } from '../src/main/services/review'
import { makeLayoutFolder } from '../test/fixtures/layouts'
import { machine, percentile, printTable } from './lib/machine'
import { writeSuiteJson } from './lib/trainMachine'
import { startServeApi } from './lib/serve'

async function predictThroughput(work: string, size: number, backend: string | undefined) {
  const dir = join(work, `p${size}`)
  const f = makeLayoutFolder('images-masks', join(work, `src${size}`), 48, size)
  const p = createProject(dir)
  await runImport(p, { paths: [f.root] })
  p.close()
  const run = await trainInProject(dir, { task: 'segmentation', model: 'unet-small', inputSize: size, batchSize: 4, epochs: 1, ...(backend ? { backend } : {}) }, true, () => {})
  const registry = new ProjectRegistry()
  const jobs = new JobManager(registry, new EventBus())
  const project = registry.open(dir)
  try {
    const ids = project.repos.images.ids(undefined)
    const { jobId } = jobs.startPrediction(project, run.id, ids)
    const r = (await jobs.waitFor(jobId)) as { count: number; seconds: number; backend: string }
    return { imgPerSec: r.count / r.seconds, backend: r.backend, runId: run.id, dir }
  } finally {
    jobs.shutdown()
    registry.closeAll()
  }
}

function queueSort(work: string) {
  const dir = join(work, 'queue')
  const p = createProject(dir)
  const size = 64
  const runId = 'bench-run'
  p.repos.runs.insert({ id: runId, name: 'bench', task: 'segmentation', config: {}, seed: 1, dataHash: null, snapshot: null, status: 'done' })
  const pixels = new Uint8Array(size * size)
  const thumb = new Uint8Array([137, 80, 78, 71])
  const ids: number[] = []
  p.db.transaction(() => {
    for (let i = 0; i < 10_000; i++) {
      const id = p.repos.images.insert({ name: `img${i}`, sourceKey: `k${i}`, sourcePath: null, fileSha: null, frameIndex: null, format: 'png', modality: null, width: size, height: size, dtype: 'uint8', spacing: [1, 1], window: null, min: 0, max: 0, split: 'test', patientKey: null, studyKey: null, volumeId: null, sliceIndex: null, meta: {}, pixels, thumbnail: thumb })
      const truth = new Uint8Array(size * size)
      const prob = new Uint8Array(size * size)
      const r = 8 + (i % 12)
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
        if ((x - 32) ** 2 + (y - 32) ** 2 < 15 * 15) truth[y * size + x] = 1
        if ((x - 30) ** 2 + (y - 33) ** 2 < r * r) prob[y * size + x] = 220
      }
      p.repos.masks.add({ imageId: id, parentId: null, author: 'bench', source: 'import', runId: null, width: size, height: size, labels: truth })
      p.repos.predictions.upsertMask(runId, id, size, size, prob, 0.1)
      ids.push(id)
    }
  })()
  // As the job manager does when the trainer reports predictions.
  scoreNewPredictions(p, runId, ids)
  p.close()
  const again = openProject(dir)
  // First listing after opening the project (scores were computed as predictions arrived), then again.
  const t0 = performance.now()
  listPredictions(again, runId, 'worst')
  const coldMs = performance.now() - t0
  const t1 = performance.now()
  const list = listPredictions(again, runId, 'worst')
  const ms = performance.now() - t1
  again.close()
  return { ms, coldMs, n: list.length }
}

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'radlab-bench-review-'))
  try {
    const p128 = await predictThroughput(work, 128, process.env.RADLAB_BENCH_BACKEND)
    const p256 = await predictThroughput(work, 256, process.env.RADLAB_BENCH_BACKEND)
    // Next image in the review: the three requests the review page makes per image.
    const server = await startServeApi(p128.dir, { RADLAB_HOME: join(work, 'home') })
    const times: number[] = []
    try {
      const { api } = server
      const project = await api.projects.open({ dir: p128.dir })
      const queue = await api.predictions.list({ projectId: project.id, runId: p128.runId, sort: 'worst' })
      for (const item of queue.slice(0, 40)) {
        const t = performance.now()
        await Promise.all([
          api.predictions.get({ projectId: project.id, runId: p128.runId, imageId: item.imageId }),
          api.images.pixels({ projectId: project.id, imageId: item.imageId }),
          api.masks.current({ projectId: project.id, imageId: item.imageId }),
        ])
        times.push(performance.now() - t)
      }
    } finally {
      server.stop()
    }
    const q = queueSort(work)
    const result = {
      predictImgPerSec128: Math.round(p128.imgPerSec * 10) / 10,
      predictImgPerSec256: Math.round(p256.imgPerSec * 10) / 10,
      nextImageMs: Math.round(percentile(times, 50) * 10) / 10,
      nextImageP95Ms: Math.round(percentile(times, 95) * 10) / 10,
      queueSort10kMs: Math.round(q.ms), queueSort10kColdMs: Math.round(q.coldMs),
      queueItems: q.n,
      backend: p128.backend,
      ...machine(),
    }
    printTable(result)
    console.log(`wrote ${writeSuiteJson('review', result)}`)
    return result
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
