import type Database from 'better-sqlite3'
import type { EpochMetrics, RunStatus, RunSummary, Task } from '../../../shared/domain'
import { now } from './rows'

interface RunRow {
  id: string; name: string; task: string; status: string; config_json: string; seed: number; backend: string | null
  data_hash: string | null; snapshot_json: string | null; created_at: string; started_at: string | null; finished_at: string | null
  error: string | null; best_json: string | null; imported: number
}

export interface NewRun {
  id: string
  name: string
  task: Task
  config: Record<string, unknown>
  seed: number
  dataHash: string | null
  snapshot: unknown
  imported?: boolean
  status?: RunStatus
}

export function createRunsRepo(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO runs(id, name, task, status, config_json, seed, data_hash, snapshot_json, created_at, imported)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const byId = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?')
  const all = db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY created_at DESC, id DESC')
  const epochs = db.prepare<[string], { metrics_json: string }>('SELECT metrics_json FROM run_epochs WHERE run_id = ? ORDER BY epoch')
  const upsertEpoch = db.prepare('INSERT INTO run_epochs(run_id, epoch, metrics_json) VALUES (?, ?, ?) ON CONFLICT(run_id, epoch) DO UPDATE SET metrics_json = excluded.metrics_json')
  const upsertCheckpoint = db.prepare(`INSERT INTO checkpoints(run_id, kind, epoch, path, metric_name, metric, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(run_id, kind) DO UPDATE SET epoch = excluded.epoch, path = excluded.path, metric_name = excluded.metric_name, metric = excluded.metric, created_at = excluded.created_at`)
  const checkpoints = db.prepare<[string], { kind: string; epoch: number; path: string; metric_name: string | null; metric: number | null }>('SELECT kind, epoch, path, metric_name, metric FROM checkpoints WHERE run_id = ?')

  function toSummary(r: RunRow): RunSummary {
    return {
      id: r.id, name: r.name, task: r.task as Task, status: r.status as RunStatus, backend: r.backend, seed: r.seed,
      dataHash: r.data_hash, config: JSON.parse(r.config_json), createdAt: r.created_at, startedAt: r.started_at,
      finishedAt: r.finished_at, error: r.error, best: r.best_json ? JSON.parse(r.best_json) : null,
      epochs: epochs.all(r.id).map((e) => JSON.parse(e.metrics_json) as EpochMetrics),
    }
  }

  return {
    insert(r: NewRun): RunSummary {
      insert.run(r.id, r.name, r.task, r.status ?? 'queued', JSON.stringify(r.config), r.seed, r.dataHash, JSON.stringify(r.snapshot ?? null), now(), r.imported ? 1 : 0)
      return toSummary(byId.get(r.id)!)
    },
    get(id: string): RunSummary | null {
      const r = byId.get(id)
      return r ? toSummary(r) : null
    },
    snapshot(id: string): unknown {
      const r = byId.get(id)
      return r?.snapshot_json ? JSON.parse(r.snapshot_json) : null
    },
    list(): RunSummary[] {
      return all.all().map(toSummary)
    },
    markRunning(id: string, backend: string) {
      db.prepare("UPDATE runs SET status = 'running', backend = ?, started_at = coalesce(started_at, ?) WHERE id = ?").run(backend, now(), id)
    },
    finish(id: string, status: RunStatus, fields: { error?: string | null; best?: Record<string, number> | null }) {
      db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = coalesce(?, error), best_json = coalesce(?, best_json) WHERE id = ?')
        .run(status, now(), fields.error ?? null, fields.best ? JSON.stringify(fields.best) : null, id)
    },
    addEpoch(id: string, m: EpochMetrics) {
      upsertEpoch.run(id, m.epoch, JSON.stringify(m))
    },
    setCheckpoint(id: string, c: { kind: 'best' | 'last'; epoch: number; path: string; metricName: string | null; metric: number | null }) {
      upsertCheckpoint.run(id, c.kind, c.epoch, c.path, c.metricName, c.metric, now())
    },
    checkpoints(id: string) {
      return checkpoints.all(id)
    },
    /** Runs left 'running' or 'queued' by a process that died: the app marks them failed at open. */
    failInterrupted(reason: string): number {
      return db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('running', 'queued')").run(reason, now()).changes
    },
  }
}
export type RunsRepo = ReturnType<typeof createRunsRepo>
