// Runs one training job to its end in a supervised trainer process, streaming its epochs:
// used by `radlab train`, `radlab demo` and the benchmarks.
import { EventBus } from '../ipc/event-bus'
import { JobManager } from '../jobs/job-manager'
import { ProjectRegistry } from './project-registry'
import type { RunSummary } from '../../shared/domain'
import { printJson, progressBar } from '../../cli/output'

export async function trainInProject(dir: string, config: Record<string, unknown>, json: boolean, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RunSummary> {
  const registry = new ProjectRegistry()
  const jobs = new JobManager(registry, new EventBus())
  const project = registry.open(dir)
  const bar = progressBar(!json, '{bar} {percentage}% | {label}')
  let backend = ''
  jobs.onMessage((msg) => {
    if (msg.type === 'ready') {
      backend = msg.backend
      if (!json) log(`training on backend: ${msg.backend}${msg.backend === 'cpu' ? ' (slow: the pure-JS fallback)' : ''}`)
    } else if (msg.type === 'workers') {
      if (json) printJson({ event: 'workers', workers: msg.workers, reason: msg.reason, timings: msg.timings ?? null })
      else log(`training on ${msg.workers === 1 ? 'one thread' : `${msg.workers} data-parallel workers`} (${msg.reason})`)
    } else if (msg.type === 'progress') {
      bar.update(msg.batch, msg.batches, `epoch ${msg.epoch} batch ${msg.batch}/${msg.batches} loss ${msg.smoothedLoss.toFixed(4)} ${Math.round(msg.imgPerSec)} img/s`)
    } else if (msg.type === 'epochEnd') {
      const m = msg.metrics
      if (json) printJson({ event: 'epoch', ...m })
      else {
        bar.stop()
        const extra = m.valDice !== undefined ? `val Dice ${m.valDice.toFixed(4)}` : m.auc !== undefined ? `val AUC ${m.auc.toFixed(4)} acc ${m.valAccuracy?.toFixed(4) ?? m.accuracy?.toFixed(4)}` : ''
        log(`epoch ${m.epoch}: loss ${m.loss.toFixed(4)} val loss ${m.valLoss?.toFixed(4) ?? '-'} ${extra} (${Math.round(m.imgPerSec)} img/s, lr ${m.lr.toExponential(1)})`)
      }
    }
  })
  try {
    const run = jobs.startTraining(project, config)
    if (!json) log(`run ${run.id} started (${run.name})`)
    const done = (await jobs.waitFor(run.id)) as RunSummary
    bar.stop()
    if (json) printJson({ event: 'done', runId: done.id, status: done.status, best: done.best, backend: done.backend ?? backend })
    else log(`run ${done.id} ${done.status}${done.error ? `: ${done.error}` : ''}${done.best ? `; best epoch ${done.best.epoch}: ${bestLine(done.best)}` : ''}`)
    return done
  } finally {
    bar.stop()
    jobs.shutdown()
    registry.closeAll()
  }
}


function bestLine(best: Record<string, number>): string {
  const keys: [string, string][] = [['valDice', 'val Dice'], ['valIoU', 'val IoU'], ['auc', 'val AUC'], ['valAccuracy', 'val accuracy'], ['valLoss', 'val loss']]
  return keys.filter(([k]) => typeof best[k] === 'number').map(([k, label]) => `${label} ${best[k].toFixed(4)}`).join(', ')
}
