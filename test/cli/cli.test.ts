// The real `radlab` command, as a user or a CI script runs it.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../fixtures'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const NIBABEL = '/usr/lib/python3/dist-packages/nibabel/tests/data'
let dir: string
const radlab = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin', 'radlab.mjs'), ...args], {
  cwd: REPO, encoding: 'utf8', timeout: 300_000, env: { ...process.env, RADLAB_HOME: join(dir, 'home') },
})

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'radlab-cli-')) })
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('radlab CLI', () => {
  it('init, import (with a summary) and info --json', () => {
    const p = join(dir, 'xray')
    expect(radlab('init', p, '--name', 'Chest').stdout).toMatch(/created project "Chest"/)
    const f = makeLayoutFolder('classes', join(dir, 'src'), 2, 32)
    const imp = radlab('import', p, f.root, '--json')
    expect(imp.status, imp.stderr).toBe(0)
    const summary = JSON.parse(imp.stdout)
    expect(summary.layout).toBe('classes')
    expect(summary.imagesAdded).toBe(f.expected.images)
    const info = JSON.parse(radlab('info', p, '--json').stdout)
    expect(info).toEqual({ images: f.expected.images, masks: 0, bySplit: f.expected.bySplit, byClass: f.expected.byClass })
    // Human-readable summary too.
    const again = radlab('import', p, f.root)
    expect(again.stdout).toMatch(/images added: 0\s+already in project: \d+/)
  })

  it('imports IDX with class names and counts masks per image', () => {
    const p = join(dir, 'idx')
    radlab('init', p)
    const f = makeLayoutFolder('idx', join(dir, 'idxsrc'), 5, 28)
    const imp = radlab('import', p, f.root, '--classes', 'zero,one,two,three,four,five,six,seven,eight,nine', '--json')
    expect(imp.status, imp.stderr).toBe(0)
    const info = JSON.parse(radlab('info', p, '--json').stdout)
    expect(info.images).toBe(f.expected.images)
    expect(Object.keys(info.byClass).every((k) => /^[a-z]+$/.test(k))).toBe(true)
    expect(info.bySplit).toEqual(f.expected.bySplit)
  })

  it.skipIf(!existsSync(join(NIBABEL, 'anatomical.nii')))('inspect --json reads a real NIfTI file', () => {
    const r = radlab('inspect', join(NIBABEL, 'anatomical.nii'), '--json')
    expect(r.status, r.stderr).toBe(0)
    const info = JSON.parse(r.stdout)
    expect(info.format).toBe('nifti')
    expect(info.dims).toEqual([33, 41, 25])
    for (const k of ['spacing', 'dtype', 'slope', 'intercept', 'min', 'max', 'mean']) expect(info).toHaveProperty(k)
  })

  it('fails with one line naming the problem, and no stack trace unless --verbose', () => {
    const bad = join(dir, 'bad.png')
    writeFileSync(bad, 'not a png')
    const r = radlab('inspect', bad, '--json')
    expect(r.status).not.toBe(0)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^radlab: bad\.png: /)
    const v = radlab('--verbose', 'inspect', bad)
    expect(v.stderr).toMatch(/\n\s+at /)
    const missing = radlab('info', join(dir, 'nope'), '--json')
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toMatch(/is not a RadLab project/)
  })

  it('doctor --json reports node, the Electron binary, SQLite ABI and the backends', () => {
    const r = radlab('doctor', '--json')
    expect(r.status, r.stderr).toBe(0)
    const d = JSON.parse(r.stdout)
    expect(d.node).toBe(process.version)
    expect(d.betterSqlite3.ok).toBe(true)
    expect(typeof d.electronBinary.present).toBe('boolean')
    const names = d.backends.map((b: { name: string }) => b.name)
    expect(names).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'])
    expect(d.backends.find((b: { name: string }) => b.name === 'cpu').ok).toBe(true)
    for (const b of d.backends) if (!b.ok) expect(b.reason).toBeTruthy()
  })

  it('train works when run from a folder outside RadLab (trainer and worker threads find tsx), on two workers', () => {
    const outside = mkdtempSync(join(tmpdir(), 'radlab-cwd-'))
    try {
      const folder = makeLayoutFolder('images-masks', join(outside, 'src'), 8, 32)
      const project = { dir: join(outside, 'proj') }
      const run = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'bin', 'radlab.mjs'), ...args], {
        cwd: outside, encoding: 'utf8', timeout: 300_000, env: { ...process.env, RADLAB_HOME: join(dir, 'home') },
      })
      for (const args of [['init', project.dir], ['import', project.dir, folder.root]]) expect(run(...args).status).toBe(0)
      const r = spawnSync(process.execPath, [join(REPO, 'bin', 'radlab.mjs'), 'train', project.dir, '--task', 'segmentation', '--epochs', '1', '--input-size', '16', '--batch-size', '4', '--backend', 'wasm', '--workers', '2', '--json'], {
        cwd: outside, encoding: 'utf8', timeout: 300_000, env: { ...process.env, RADLAB_HOME: join(dir, 'home') },
      })
      expect(r.status, r.stderr).toBe(0)
      const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; workers?: number; status?: string })
      expect(events.find((e) => e.event === 'workers')).toMatchObject({ workers: 2 })
      expect(events.at(-1)).toMatchObject({ event: 'done', status: 'done' })
      expect(radlab('train', project.dir, '--task', 'segmentation', '--workers', '9').stderr).toMatch(/--workers must be auto or a whole number from 1 to 8 \(got 9\)/)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  }, 300_000)

  it('doctor --bench measures each backend that trains correctly, on one thread and on two workers', () => {
    const r = radlab('doctor', '--bench', '--bench-seconds', '1', '--json')
    expect(r.status, r.stderr).toBe(0)
    const d = JSON.parse(r.stdout)
    for (const name of ['wasm', 'cpu']) {
      const b = d.backends.find((x: { name: string }) => x.name === name)
      expect(b, name).toMatchObject({ ok: true })
      expect(b.imgPerSec, name).toBeGreaterThan(0)
      expect(b.imgPerSecTwoWorkers, name).toBeGreaterThan(0)
    }
    // wasm (with RadLab's kernels) trains far faster than the pure-JS fallback.
    const wasm = d.backends.find((x: { name: string }) => x.name === 'wasm')
    const cpu = d.backends.find((x: { name: string }) => x.name === 'cpu')
    expect(wasm.imgPerSec).toBeGreaterThan(cpu.imgPerSec)
  }, 180_000)
})
