// The training dashboard through the real `radlab serve`, acting as a user in Chromium: tiny
// settings, Start, the charts fill epoch by epoch, the run finishes; cancel; compare two runs;
// predict from a run and land in its review; a refused start shows main's reason.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { makeLayoutFolder } from '../fixtures'
import { test, expect, radlab } from './harness'

/** A phantom MRI lesion project (images + masks) built with the real CLI. */
function segProject(projectDir: string, workDir: string) {
  const folder = makeLayoutFolder('images-masks', join(workDir, 'src'), 4, 64)
  for (const args of [['init', projectDir], ['import', projectDir, folder.root]]) {
    const r = radlab(args)
    expect(r.code, `radlab ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
  }
}

async function openProject(app: Page, dir: string) {
  await app.getByTestId('open-dir').fill(dir)
  await app.getByTestId('open-project').click()
  await app.getByTestId('nav-training').click()
  await expect(app.getByTestId('training-page')).toBeVisible()
}

async function tinySettings(app: Page, epochs: number, backend = 'wasm', inputSize = 32, workers = 'auto') {
  await app.getByTestId('train-task').selectOption('segmentation')
  await app.getByTestId('train-input-size').fill(String(inputSize))
  await app.getByTestId('train-epochs').fill(String(epochs))
  await app.getByTestId('train-batch-size').fill('4')
  await app.getByTestId('train-augmentation').uncheck()
  await app.getByTestId('train-backend').selectOption(backend)
  await app.getByTestId('train-workers').selectOption(workers)
}

const points = (app: Page, id: string) => app.getByTestId(id).getAttribute('data-points').then(Number)

test('start a training run from the dashboard, see the chart fill and the run finish', async ({ app, projectDir, workDir, db }) => {
  segProject(projectDir, workDir)
  await openProject(app, projectDir)
  await expect(app.getByTestId('runs-empty')).toBeVisible()
  // The seed recipe's defaults are what the form opens with.
  await expect(app.getByTestId('train-input-size')).toHaveValue('128')
  await expect(app.getByTestId('train-lr')).toHaveValue('0.001')

  // Two data-parallel workers, chosen in the form: each epoch records it.
  await tinySettings(app, 2, 'wasm', 32, '2')
  await app.getByTestId('train-start').click()

  const row = app.getByTestId('run-row')
  await expect(row).toHaveCount(1)
  const runId = (await row.getAttribute('data-run-id'))!
  await expect(app.getByTestId('train-progress')).toBeVisible()
  await expect(app.getByTestId('train-cancel')).toBeEnabled()

  // The loss chart gains a point per finished epoch, live.
  await expect.poll(() => points(app, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThanOrEqual(1)
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  await expect.poll(() => points(app, 'loss-chart')).toBe(2)
  expect(await points(app, 'metric-chart')).toBe(2)
  expect(await points(app, 'lr-chart')).toBe(2)
  // uPlot drew into a canvas, with both loss series in its legend.
  await expect(app.getByTestId('loss-chart').locator('canvas')).toHaveCount(1)
  await expect(app.getByTestId('loss-chart')).toContainText('val loss')
  await expect(app.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm')
  await expect(row).toContainText('val Dice')
  await expect(app.getByTestId('train-cancel')).toBeDisabled()

  const d = db()
  expect(d.prepare('SELECT status, backend FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'done', backend: 'wasm' })
  expect(d.prepare('SELECT count(*) AS n FROM run_epochs WHERE run_id = ?').get(runId)).toEqual({ n: 2 })
  const epochs = d.prepare('SELECT metrics_json AS m FROM run_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as { m: string }[]
  expect(epochs.map((e) => JSON.parse(e.m).workers)).toEqual([2, 2])
  expect(JSON.parse((d.prepare('SELECT config_json AS c FROM runs WHERE id = ?').get(runId) as { c: string }).c).workers).toBe(2)

  // A reload shows the same history and charts from the DB.
  await app.reload()
  await app.getByTestId('nav-training').click()
  await expect(app.getByTestId('run-row')).toHaveAttribute('data-status', 'done')
  await expect.poll(() => points(app, 'loss-chart')).toBe(2)
})

test('a failed run shows its reason; cancel; the cpu fallback warns; compare two runs; predict and open the review', async ({ app, projectDir, workDir, db }) => {
  segProject(projectDir, workDir)
  await openProject(app, projectDir)

  // A refused start (no image labels for a classifier) shows main's reason and starts nothing.
  await app.getByTestId('train-task').selectOption('classification')
  await app.getByTestId('train-start').click()
  await expect(app.getByTestId('train-error')).toBeVisible()
  await expect(app.getByTestId('run-row')).toHaveCount(0)
  await app.getByTestId('train-error').getByRole('button').click()

  // A run the trainer cannot build (the seed U-Net needs an input divisible by 8) fails with the reason.
  await tinySettings(app, 1, 'wasm', 12)
  await app.getByTestId('train-model').selectOption('unet')
  await app.getByTestId('train-start').click()
  const failed = app.getByTestId('run-row').first()
  await expect(failed).toHaveAttribute('data-status', 'failed', { timeout: 120_000 })
  await expect(failed.getByTestId('run-error')).toContainText('divisible by')
  await app.getByTestId('train-model').selectOption('unet-small')

  // A long run (no early stopping), cancelled after its first epoch: it stops and keeps its best checkpoint.
  await tinySettings(app, 200)
  await app.getByTestId('train-patience').fill('0')
  await app.getByTestId('train-start').click()
  await expect(app.getByTestId('run-row')).toHaveCount(2)
  const first = app.getByTestId('run-row').first()
  const firstId = (await first.getAttribute('data-run-id'))!
  await expect.poll(() => points(app, 'loss-chart'), { timeout: 120_000 }).toBeGreaterThanOrEqual(1)
  await app.getByTestId('train-cancel').click()
  await expect(app.locator(`[data-testid=run-row][data-run-id="${firstId}"]`)).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 })
  expect(db().prepare("SELECT count(*) AS n FROM checkpoints WHERE run_id = ? AND kind = 'best'").get(firstId)).toEqual({ n: 1 })
  expect(JSON.parse((db().prepare('SELECT config_json AS c FROM runs WHERE id = ?').get(firstId) as { c: string }).c).earlyStoppingPatience).toBe(0)

  // A short one to the end, forced onto the pure-JS cpu backend: the dashboard warns that it is slow.
  await tinySettings(app, 1, 'cpu')
  await app.getByTestId('train-patience').fill('6')
  await app.getByTestId('train-start').click()
  await expect(app.getByTestId('run-row')).toHaveCount(3)
  const second = app.getByTestId('run-row').first()
  const secondId = (await second.getAttribute('data-run-id'))!
  expect(secondId).not.toBe(firstId)
  await expect(second).toHaveAttribute('data-status', 'done', { timeout: 120_000 })
  await expect(app.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'cpu')
  await expect(app.getByTestId('backend-warning')).toBeVisible()

  // Side by side: config and best metrics of the two runs.
  const compare = app.getByTestId('run-compare')
  await compare.nth(0).check()
  await compare.nth(1).check()
  const table = app.getByTestId('run-compare-table')
  await expect(table).toBeVisible()
  await expect(table.locator('tr.differs', { hasText: 'epochs' })).toContainText('200')
  await expect(table).toContainText('val Dice')

  // Predict over every image, then follow the link to the review.
  await second.getByTestId('predict-split').selectOption('all')
  await second.getByTestId('predict-start').click()
  await expect(second.getByTestId('predict-review')).toBeVisible({ timeout: 120_000 })
  const n = db().prepare('SELECT count(*) AS n FROM predictions WHERE run_id = ?').get(secondId) as { n: number }
  expect(n.n).toBe(8)
  await second.getByTestId('predict-review').click()
  await expect(app.getByTestId('review-page')).toHaveAttribute('data-run-id', secondId)
  await expect(app.getByTestId('queue-item')).toHaveCount(8)
})
