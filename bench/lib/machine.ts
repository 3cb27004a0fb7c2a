// The machine facts every bench JSON carries, so figures from different days can be compared.
import { cpus } from 'node:os'
import { cpuModel, loadavg } from './trainMachine'

export function machine() {
  return { cpu: cpuModel(), cores: cpus().length, loadavg: loadavg() }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

export function printTable(data: Record<string, unknown>) {
  console.table(Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v !== 'object' || v === null)))
}
