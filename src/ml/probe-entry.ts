// Child-process entry for `radlab doctor`: tries each tfjs backend and, with --bench, measures
// its training throughput; sends the list to the parent and exits.
import type { BackendProbe } from '../shared/views'

async function main() {
  const bench = process.argv.includes('--bench')
  const { probeBackends } = await import('./backend')
  const report = await probeBackends()
  const out: BackendProbe[] = report.map((r: { name: string; ok: boolean; reason?: string }) => ({ name: r.name, ok: r.ok, reason: r.reason }))
  if (bench) {
    const { measureBackendThroughput } = await import('./kernels/throughput')
    for (const b of out) {
      if (!b.ok) continue
      try {
        b.imgPerSec = (await measureBackendThroughput(b.name as never, { seconds: 3 })) as unknown as number
      } catch (e) {
        b.reason = `loads, but the throughput test failed: ${(e as Error).message}`
      }
    }
  }
  process.send?.(out, () => process.exit(0))
}

main().catch((e) => {
  process.send?.([{ name: 'probe', ok: false, reason: (e as Error).message }], () => process.exit(1))
})
