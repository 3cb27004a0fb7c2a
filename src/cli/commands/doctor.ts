import type { Command } from 'commander'
import { doctorReport } from '../../main/services/doctor'
import { printJson } from '../output'

export function registerDoctorCommand(program: Command) {
  program.command('doctor')
    .description('check Node, Electron, SQLite, Chromium and the training backends')
    .option('--json', 'print JSON')
    .option('--bench', 'also measure each loadable backend\'s training throughput (one thread and two workers)')
    .option('--bench-seconds <s>', 'seconds per measurement', (v) => {
      const n = Number(v)
      if (!(n > 0 && n <= 60)) throw new Error(`--bench-seconds must be a number of seconds from 0 to 60 (got ${v})`)
      return n
    }, 3)
    .action(async (o: { json?: boolean; bench?: boolean; benchSeconds: number }) => {
      const r = await doctorReport(Boolean(o.bench), o.benchSeconds)
      if (o.json) return printJson(r)
      console.log(`node ${r.node}   electron ${r.electron ?? 'not installed'} (binary: ${r.electronBinary.present ? r.electronBinary.path : `missing — ${r.electronBinary.reason}`})`)
      console.log(`better-sqlite3: ${r.betterSqlite3.ok ? 'ok' : 'BROKEN'} (${r.betterSqlite3.abi}${r.betterSqlite3.reason ? `: ${r.betterSqlite3.reason}` : ''})`)
      console.log(`chromium: ${r.chromium ?? 'not found'}`)
      console.log(`machine: ${r.platform}, ${r.cpus} cores, ${r.memoryGb} GiB`)
      console.log('training backends (tried in this order):')
      for (const b of r.backends) console.log(`  ${b.ok ? '✓' : '✗'} ${b.name}${b.imgPerSec !== undefined ? `  ${Math.round(b.imgPerSec)} img/s` : ''}${b.imgPerSecTwoWorkers !== undefined ? ` (two workers: ${Math.round(b.imgPerSecTwoWorkers)} img/s)` : ''}${b.reason ? `  — ${b.reason}` : ''}`)
    })
}
