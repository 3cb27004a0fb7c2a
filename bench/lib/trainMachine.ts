import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** CPU model as /proc/cpuinfo names it (os.cpus() elsewhere), so figures from different days compare. */
export function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))
    if (m) return m[1]!.trim()
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown'
}

export function loadavg(): number[] {
  return os.loadavg().map((v) => Math.round(v * 100) / 100)
}

/** Peak resident set size of this process (all its threads, e.g. data-parallel workers) in MiB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10
}

/** Writes bench/results/<suite>.json; returns the path. */
export function writeSuiteJson(suite: string, data: unknown): string {
  const dir = fileURLToPath(new URL('../results/', import.meta.url))
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${suite}.json`)
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n')
  return file
}
