// `radlab doctor`: what this machine can run, and why not where it can't.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { cpus, totalmem } from 'node:os'
import type { DoctorReport, BackendProbe } from '../../shared/views'
import { electronBinaryPath } from '../../../scripts/electron-binary.mjs'
import { sqliteNativeBinding } from '../db/native-binding'

const requireHere = createRequire(import.meta.url)

export function electronBinary(): DoctorReport['electronBinary'] {
  if (electronVersion() === null) return { present: false, path: null, reason: 'the electron package is not installed' }
  const path = electronBinaryPath()
  return path ? { present: true, path } : { present: false, path: null, reason: 'the Electron binary was not downloaded (offline install); run `npx install-electron` with internet access' }
}

export function electronVersion(): string | null {
  try {
    return (requireHere('electron/package.json') as { version: string }).version
  } catch {
    return null
  }
}

function betterSqlite(): DoctorReport['betterSqlite3'] {
  const abi = process.versions.modules
  try {
    const Database = requireHere('better-sqlite3') as new (p: string, o?: { nativeBinding?: string }) => { close(): void }
    new Database(':memory:', { nativeBinding: sqliteNativeBinding() }).close()
    return { ok: true, abi: `node ABI ${abi}` }
  } catch (e) {
    return { ok: false, abi: `node ABI ${abi}`, reason: `${(e as Error).message.split('\n')[0]} — run \`npm run rebuild:node\` (or \`npm run rebuild:electron\` for the app)` }
  }
}

function chromium(): string | null {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch { /* next */ }
  }
  return null
}

/** Probes tfjs backends in a child process, so a native crash can never take down main. */
export async function probeTrainingBackends(bench = false, benchSeconds = 3): Promise<BackendProbe[]> {
  const { probeBackendsInChild } = await import('../jobs/backend-probe')
  return probeBackendsInChild(bench, 120_000, benchSeconds)
}

export async function doctorReport(bench = false, benchSeconds = 3): Promise<DoctorReport> {
  return {
    node: process.version,
    electron: electronVersion(),
    electronBinary: electronBinary(),
    betterSqlite3: betterSqlite(),
    chromium: chromium(),
    backends: await probeTrainingBackends(bench, benchSeconds),
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  }
}
