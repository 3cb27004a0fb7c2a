/**
 * `npm run bench -- train`: training and inference images/s of the reference
 * CNN and U-Net (issue "Fast training on any machine") on every available
 * JS backend and as the engine runs them (backend 'engine': wasm with the threads it picks itself), against PyTorch on the same machine when Debian's python3-torch
 * is installed. Each configuration runs in its own child process so its peak
 * RSS is its own. RADLAB_BENCH_QUICK=1 shortens runs (2 s instead of 10 s).
 * Writes bench/results/train.json.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { runJsonChild } from './lib/childProcess'
import { cpuModel, loadavg, writeSuiteJson } from './lib/trainMachine'
import type { MeasureConfig, MeasureResult } from './lib/measureTraining'

interface TorchResult {
  model: 'cnn' | 'unet'
  mode: 'train' | 'infer'
  imgPerSec: number
  imgPerCpuSec: number | null
  peakRssMb: number
  threads: number
  runs: number[]
  torch: string
}

const quick = process.env.RADLAB_BENCH_QUICK === '1'
const seconds = quick ? 2 : 10
const runs = 3

/** Debian's torch lives in /usr/lib/python3/dist-packages: prefer the system interpreter over pyenv/venv shims. */
async function findTorchPython(): Promise<string | null> {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (py.startsWith('/') && !existsSync(py)) continue
    try {
      await runJsonChild<unknown>(py, ['-c', 'import json, torch; print(json.dumps(torch.__version__))'], { timeoutMs: 60_000 })
      return py
    } catch {
      // try the next interpreter
    }
  }
  return null
}

async function pytorch(): Promise<{ results: TorchResult[]; note?: string }> {
  const py = await findTorchPython()
  if (!py) return { results: [], note: 'python3-torch not installed: no PyTorch reference' }
  const script = fileURLToPath(new URL('./pytorch_ref.py', import.meta.url))
  const args = (threads: number) => [script, '--all', '--seconds', String(seconds), '--runs', String(runs), '--threads', String(threads)]
  // torch's default thread count here may be 1 (OpenMP sees one core): also try every core, and keep each config's best.
  const byDefault = await runJsonChild<TorchResult[]>(py, args(0), { timeoutMs: 30 * 60_000 })
  const cores = os.availableParallelism()
  const allCores = byDefault.every((r) => r.threads === cores) ? [] : await runJsonChild<TorchResult[]>(py, args(cores), { timeoutMs: 30 * 60_000 })
  const best = byDefault.map((r) => {
    const alt = allCores.find((a) => a.model === r.model && a.mode === r.mode)
    return alt && alt.imgPerSec > r.imgPerSec ? alt : r
  })
  return { results: best, note: `torch ${best[0]?.torch}; best of default threads and ${cores} threads per configuration` }
}

export async function run(): Promise<void> {
  const child = fileURLToPath(new URL('./lib/measureTraining.ts', import.meta.url))
  const configs: MeasureConfig[] = []
  for (const model of ['cnn', 'unet'] as const) {
    for (const mode of ['train', 'infer'] as const) {
      for (const backend of ['engine', 'wasm', 'wasm-2workers', 'cpu']) {
        // The cpu backend is two orders of magnitude slower: one bounded run is enough to place it.
        const slow = backend === 'cpu'
        configs.push({ model, mode, backend, seconds: slow ? Math.min(seconds, 5) : seconds, runs: slow ? 1 : runs, maxSecondsPerRun: slow ? 120 : undefined })
      }
    }
  }
  const loadAtStart = loadavg()
  const results: (MeasureResult | (MeasureConfig & { error: string }))[] = []
  for (const cfg of configs) {
    process.stdout.write(`  ${cfg.model} ${cfg.mode} ${cfg.backend} … `)
    try {
      const r = await runJsonChild<MeasureResult>(process.execPath, ['--import', 'tsx', child, JSON.stringify(cfg)], { timeoutMs: 20 * 60_000 })
      results.push(r)
      console.log(`${r.imgPerSec.toFixed(1)} img/s, peak RSS ${r.peakRssMb.toFixed(0)} MB`)
    } catch (e) {
      results.push({ ...cfg, error: (e as Error).message })
      console.log(`failed: ${(e as Error).message}`)
    }
  }
  console.log('  PyTorch reference …')
  const torch = await pytorch()
  const rows = results.map((r) => {
    const ref = torch.results.find((t) => t.model === r.model && t.mode === r.mode)
    const ips = 'imgPerSec' in r ? r.imgPerSec : NaN
    return {
      model: r.model,
      mode: r.mode,
      backend: r.backend,
      workers: 'workers' in r ? r.workers : null,
      imgPerSec: Math.round(ips * 100) / 100,
      imgPerCpuSec: 'imgPerCpuSec' in r && Number.isFinite(r.imgPerCpuSec) ? Math.round(r.imgPerCpuSec * 100) / 100 : null,
      peakRssMb: 'peakRssMb' in r ? r.peakRssMb : null,
      vsPyTorch: ref ? Math.round((ips / ref.imgPerSec) * 1000) / 1000 : null,
      // Per CPU-second: compares kernel efficiency when other processes share the cores.
      cpuEfficiencyVsPyTorch:
        ref?.imgPerCpuSec && 'imgPerCpuSec' in r && Number.isFinite(r.imgPerCpuSec) ? Math.round((r.imgPerCpuSec / ref.imgPerCpuSec) * 1000) / 1000 : null,
      rssVsPyTorch: ref && 'peakRssMb' in r ? Math.round((r.peakRssMb / ref.peakRssMb) * 100) / 100 : null,
      runs: 'runRates' in r ? r.runRates.map((x) => Math.round(x * 100) / 100) : [],
      workersReason: 'workersReason' in r ? r.workersReason : undefined,
      error: 'error' in r ? r.error : undefined,
    }
  })
  console.log('\nRadLab / PyTorch (targets: train >= 0.5, infer >= 0.8, memory <= 2x)')
  console.table(rows.map(({ runs: _r, error: _e, workersReason: _w, ...rest }) => rest))
  const file = writeSuiteJson('train', {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    loadavg: loadAtStart,
    quick,
    secondsPerRun: seconds,
    results: rows,
    pytorch: torch.results.map((t) => ({
      model: t.model, mode: t.mode, imgPerSec: Math.round(t.imgPerSec * 100) / 100,
      imgPerCpuSec: t.imgPerCpuSec == null ? null : Math.round(t.imgPerCpuSec * 100) / 100, peakRssMb: Math.round(t.peakRssMb * 10) / 10, threads: t.threads,
    })),
    pytorchNote: torch.note,
    loadavgAfter: loadavg(),
  })
  console.log(`wrote ${file}`)
}
