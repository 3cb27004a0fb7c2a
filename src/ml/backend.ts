// Backend choice: @tensorflow/tfjs-node-gpu → @tensorflow/tfjs-node → wasm → cpu, each tried
// in turn, with the reason each one failed kept for the UI and `radlab doctor`.
import * as tf from '@tensorflow/tfjs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join, sep } from 'node:path'
import type { BackendName, BackendPreference, BackendReportEntry } from '../shared/trainer-protocol'

// Production mode: no per-op debug checks, and no "install tfjs-node" banner on every start
// (RadLab reports its backend choice, and why each faster one did not load, itself).
tf.env().set('PROD', true)

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']

export interface BackendChoice {
  name: BackendName
  report: BackendReportEntry[]
  /** Extra kernels registered for training (wasm, cpu speed-ups). */
  kernels: string[]
}

export class BackendError extends Error {
  constructor(
    message: string,
    readonly report: BackendReportEntry[],
  ) {
    super(message)
    this.name = 'BackendError'
  }
}

const requireHere = createRequire(import.meta.url)

/** The fast-kernel module (src/ml/kernels), when it is present and loads. */
interface KernelModule {
  registerWasmTrainingKernels?: () => string[]
  speedUpCpuBackend?: () => unknown
  measureBackendThroughput?: (backend: string, opts?: { seconds?: number }) => Promise<{ imgPerSec: number }>
  checkBackendGradients?: (backend: string) => Promise<{ ok: boolean; maxRelError: number; error?: string }>
}
async function kernelModule(): Promise<KernelModule | null> {
  try {
    return (await import('./kernels')) as KernelModule
  } catch {
    return null
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] : String(err)
}

/** Turns a native-module load error into something a user can act on. */
export function explainNodeFailure(pkg: string, err: unknown): string {
  const msg = message(err)
  const code = (err as { code?: string })?.code
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package) '@tensorflow\/tfjs-node/.test(msg)) {
    return `${pkg} is not installed (its install step downloads libtensorflow, which failed or was skipped)`
  }
  const lib = /(lib[\w.-]+\.so[\d.]*)/.exec(msg)?.[1]
  if (/libcudart|libcudnn|libcublas|libcufft|libcurand|libcusolver|libcusparse/.test(msg)) {
    return `${lib ?? 'a CUDA library'} not found: tfjs-node-gpu 4.x needs CUDA 11.2 and cuDNN 8.1`
  }
  if (/tfjs_binding\.node|napi-v\d/.test(msg) || lib) {
    return `${pkg} is installed but its native binding does not load (${lib ? `${lib} missing` : msg}); reinstall it or run npm rebuild ${pkg}`
  }
  return `${pkg} failed to load: ${msg}`
}

/** Folder with the wasm binaries, as a file path: Node reads it with fs, so no network. */
export function wasmBinariesDir(): string {
  return join(dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + sep
}

let wasmPathsSet = false

async function tryBackend(name: BackendName, purpose: 'train' | 'predict'): Promise<{ ok: true; kernels: string[] } | { ok: false; reason: string }> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const pkg = name === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node'
      try {
        // Both packages register a backend called 'tensorflow'.
        await import(/* @vite-ignore */ pkg)
      } catch (err) {
        return { ok: false, reason: explainNodeFailure(pkg, err) }
      }
      try {
        if (!(await tf.setBackend('tensorflow'))) return { ok: false, reason: `${pkg} loaded but its backend did not initialise` }
        await tf.ready()
      } catch (err) {
        return { ok: false, reason: explainNodeFailure(pkg, err) }
      }
      if (name === 'tensorflow-gpu' && !(await hasGpu())) {
        return { ok: false, reason: 'tfjs-node-gpu loaded but found no CUDA GPU (driver missing or no device)' }
      }
      return { ok: true, kernels: [] }
    }
    case 'wasm': {
      let wasm: typeof import('@tensorflow/tfjs-backend-wasm')
      try {
        wasm = await import('@tensorflow/tfjs-backend-wasm')
      } catch (err) {
        return { ok: false, reason: `@tensorflow/tfjs-backend-wasm does not load: ${message(err)}` }
      }
      const kernels = (await kernelModule())?.registerWasmTrainingKernels?.() ?? []
      if (purpose === 'train' && !kernels.includes('Conv2DBackpropFilter')) {
        return { ok: false, reason: 'wasm backend cannot train: Conv2DBackpropFilter is not registered (training kernels missing)' }
      }
      try {
        if (!wasmPathsSet) {
          wasm.setWasmPaths(wasmBinariesDir())
          wasmPathsSet = true
        }
        if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'wasm backend did not initialise' }
        await tf.ready()
      } catch (err) {
        return { ok: false, reason: `wasm backend did not initialise: ${message(err)}` }
      }
      return { ok: true, kernels }
    }
    case 'cpu': {
      const kernels: string[] = []
      const sped = (await kernelModule())?.speedUpCpuBackend?.()
      if (Array.isArray(sped)) kernels.push(...(sped as string[]))
      if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'cpu backend did not initialise' }
      await tf.ready()
      return { ok: true, kernels }
    }
  }
}

/** True when TensorFlow sees a GPU (only meaningful on the tensorflow backend). */
async function hasGpu(): Promise<boolean> {
  try {
    // A tiny matmul forces device placement; tfjs-node-gpu logs the device it created.
    const t = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2]))
    await t.data()
    t.dispose()
    return true
  } catch {
    return false
  }
}

/** Gradient checks already run in this process, by backend. */
const gradientVerdicts = new Map<BackendName, string | null>()

/** For tests: run the gradient checks again. */
export function forgetGradientChecks(): void {
  gradientVerdicts.clear()
}

/**
 * "Trains correctly": one training step of a small U-Net on `name` must give the cpu backend's
 * loss and gradients (the wasm backend runs RadLab's own kernels). Returns why not, or null.
 * Leaves `name` active.
 */
async function gradientProblem(name: BackendName): Promise<string | null> {
  if (name === 'cpu') return null
  if (gradientVerdicts.has(name)) return gradientVerdicts.get(name)!
  const check = (await kernelModule())?.checkBackendGradients
  if (!check) return null
  const r = await check(name === 'tensorflow-gpu' ? 'tensorflow' : name)
  const problem = r.ok ? null : r.error ? `its training step failed the gradient check: ${r.error}` : `its gradients differ from the cpu backend's (max relative error ${r.maxRelError.toExponential(1)})`
  gradientVerdicts.set(name, problem)
  return problem
}

/**
 * Picks the backend: a forced one (`pref` other than 'auto') or the first of BACKEND_ORDER (fastest
 * first) that loads and, for training, passes the gradient check. `report` lists every backend
 * tried, with the reason for each failure.
 */
export async function chooseBackend(pref: BackendPreference = 'auto', purpose: 'train' | 'predict' = 'train'): Promise<BackendChoice> {
  const report: BackendReportEntry[] = []
  const candidates = pref === 'auto' ? BACKEND_ORDER : [pref]
  for (const name of candidates) {
    const r = await tryBackend(name, purpose)
    if (r.ok) {
      const problem = purpose === 'train' ? await gradientProblem(name) : null
      if (!problem) {
        report.push({ name, ok: true })
        return { name, report, kernels: r.kernels }
      }
      report.push({ name, ok: false, reason: problem })
      continue
    }
    report.push({ name, ok: false, reason: r.reason })
  }
  const why = report.map((r) => `${r.name}: ${r.reason}`).join('; ')
  throw new BackendError(pref === 'auto' ? `no backend could be loaded (${why})` : `backend ${pref} is not available: ${why}`, report)
}

/**
 * Tries every backend and reports which load (for `radlab doctor`), with `measure` also the
 * training throughput of each (the kernels module's reference CNN step). Leaves tfjs on the
 * best one that loads. Run it in a separate process when the caller must not load native code.
 */
export async function probeBackends(purpose: 'train' | 'predict' = 'train', opts: { measure?: boolean; seconds?: number } = {}): Promise<BackendReportEntry[]> {
  const report: BackendReportEntry[] = []
  const measure = opts.measure ? (await kernelModule())?.measureBackendThroughput : undefined
  for (const name of BACKEND_ORDER) {
    const r = await tryBackend(name, purpose)
    const problem = r.ok && purpose === 'train' ? await gradientProblem(name) : null
    const entry: BackendReportEntry = !r.ok ? { name, ok: false, reason: r.reason } : problem ? { name, ok: false, reason: problem } : { name, ok: true }
    if (r.ok && measure) {
      try {
        // tfjs-node's backends are both called 'tensorflow'.
        entry.imgPerSec = (await measure(name === 'tensorflow-gpu' ? 'tensorflow' : name, { seconds: opts.seconds ?? 3 })).imgPerSec
        // The single-threaded backends can also train on two data-parallel workers (a core each).
        if ((name === 'wasm' || name === 'cpu') && availableParallelism() >= 2) {
          const { measureParallelThroughput } = await import('./parallel/throughput')
          entry.imgPerSecTwoWorkers = await measureParallelThroughput(name, { seconds: opts.seconds ?? 3 })
        }
      } catch (err) {
        entry.reason = `loads, but the throughput check failed: ${message(err)}`
      }
    }
    report.push(entry)
  }
  const first = report.find((r) => r.ok)
  if (first) await tryBackend(first.name, purpose)
  return report
}
