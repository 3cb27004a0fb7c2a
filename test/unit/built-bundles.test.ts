// The bundles electron-vite builds (out/): each must parse as a module (a duplicate top-level
// `require`, from a shim and our own createRequire, once broke main and the trainer), and the
// built trainer must train end to end in Node with its built data-parallel worker bundle.
// `npm test` builds first; run `npx electron-vite build` before running this file alone.
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { spawnTrainer } from '../../src/main/jobs/trainer-process'
import { createPhantomProject } from '../../src/ml/testing/phantom-db'
import type { TrainerToMain } from '../../src/shared/trainer-protocol'

const out = resolve('out')
const built = existsSync(join(out, 'main', 'trainer.js'))
const note = built ? '' : ' (skipped: out/ is missing; `npm test` builds it, or run `npx electron-vite build`)'

describe(`built bundles${note}`, () => {
  it.skipIf(!built)('every main, preload and worker bundle parses', () => {
    const files = ['main', 'main/chunks', 'preload'].flatMap((d) =>
      existsSync(join(out, d)) ? readdirSync(join(out, d)).filter((f) => /\.(m?js|cjs)$/.test(f)).map((f) => join(out, d, f)) : [],
    )
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(expect.arrayContaining(['main/index.js', 'main/trainer.js', 'main/train-worker.js', 'main/import-worker.js']))
    for (const f of files) expect(() => execFileSync(process.execPath, ['--check', f], { stdio: 'pipe' }), f).not.toThrow()
  })

  it.skipIf(!built)('the built trainer trains on two data-parallel workers from the built worker bundle', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'radlab-built-'))
    const project = createPhantomProject(join(tmp, 'proj'), { nSeg: 16, nCls: 4, size: 32 })
    const trainer = spawnTrainer({ entry: join(out, 'main', 'trainer.js'), stdio: 'pipe' })
    const seen: TrainerToMain[] = []
    try {
      const end = new Promise<TrainerToMain>((done) =>
        trainer.onMessage((m) => {
          seen.push(m)
          if (m.type === 'done' || m.type === 'failed') done(m)
        }),
      )
      trainer.send({
        type: 'start', runId: 'built', snapshot: project.segSnapshot,
        config: { task: 'segmentation', inputSize: 16, depth: 2, baseFilters: 4, batchSize: 4, epochs: 2, backend: 'wasm', workers: 2 },
      } as never)
      const last = await end
      expect(last.type, JSON.stringify(last)).toBe('done')
      expect(seen.find((m) => m.type === 'workers')).toMatchObject({ workers: 2 })
      const epochs = seen.filter((m): m is Extract<TrainerToMain, { type: 'epochEnd' }> => m.type === 'epochEnd')
      expect(epochs.map((e) => e.metrics.workers)).toEqual([2, 2])
      expect(existsSync(join(project.dir, 'runs', 'built', 'last', 'model.json'))).toBe(true)
    } finally {
      trainer.kill()
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
