import type Database from 'better-sqlite3'
import { now } from './rows'

export interface PredictionRow {
  run_id: string
  image_id: number
  width: number | null
  height: number | null
  prob: Buffer | null
  probs_json: string | null
  uncertainty: number | null
  review: string
  created_at: string
}

export function createPredictionsRepo(db: Database.Database) {
  const upsert = db.prepare(`INSERT INTO predictions(run_id, image_id, width, height, prob, probs_json, uncertainty, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(run_id, image_id) DO UPDATE SET width = excluded.width, height = excluded.height, prob = excluded.prob,
      probs_json = excluded.probs_json, uncertainty = excluded.uncertainty, created_at = excluded.created_at`)
  const get = db.prepare<[string, number], PredictionRow>('SELECT * FROM predictions WHERE run_id = ? AND image_id = ?')
  const forRun = db.prepare<[string], PredictionRow>('SELECT * FROM predictions WHERE run_id = ?')
  const setReview = db.prepare('UPDATE predictions SET review = ? WHERE run_id = ? AND image_id = ?')

  return {
    upsertMask(runId: string, imageId: number, width: number, height: number, prob: Uint8Array, uncertainty: number) {
      upsert.run(runId, imageId, width, height, prob, null, uncertainty, now())
    },
    upsertProbs(runId: string, imageId: number, probs: number[], uncertainty: number) {
      upsert.run(runId, imageId, null, null, null, JSON.stringify(probs), uncertainty, now())
    },
    get(runId: string, imageId: number): PredictionRow | null {
      return get.get(runId, imageId) ?? null
    },
    forRun(runId: string): PredictionRow[] {
      return forRun.all(runId)
    },
    setReview(runId: string, imageId: number, review: string) {
      setReview.run(review, runId, imageId)
    },
  }
}
export type PredictionsRepo = ReturnType<typeof createPredictionsRepo>
