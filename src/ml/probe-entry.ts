// Child-process entry for `radlab doctor`: tries each tfjs backend (and with --bench measures its
// training throughput), sends the list to the parent and exits.
import type { BackendProbe } from '../shared/views'
import { probeBackends } from './backend'

async function main() {
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length) ?? 3)
  const report = await probeBackends('train', { measure: process.argv.includes('--bench'), seconds: seconds > 0 ? seconds : 3 })
  const out: BackendProbe[] = report.map((r) => ({ name: r.name, ok: r.ok, reason: r.reason, imgPerSec: r.imgPerSec, imgPerSecTwoWorkers: r.imgPerSecTwoWorkers }))
  process.send?.(out, () => process.exit(0))
}

main().catch((e) => {
  process.send?.([{ name: 'probe', ok: false, reason: (e as Error).message }], () => process.exit(1))
})
