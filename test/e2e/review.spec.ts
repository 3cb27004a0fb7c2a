// Prediction review through the real `radlab serve`, acting as a user in Chromium, on a phantom
// project trained and predicted with the real CLI: three synchronised views, the worst-first
// queue, accepting a prediction as a new mask version; for a classifier, the confusion matrix.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { makeLayoutFolder } from '../fixtures'
import { test, expect, radlab } from './harness'

function cli(args: string[]): string {
  const r = radlab(args)
  expect(r.code, `radlab ${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(0)
  return r.stdout
}

/** Trains a tiny run with `radlab train --json`, predicts every image with it, returns the run id. */
function trainAndPredict(dir: string, task: 'segmentation' | 'classification'): string {
  const out = cli(['train', dir, '--task', task, '--epochs', '2', '--input-size', '32', '--batch-size', '4', '--json'])
  const done = out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; runId?: string }).find((e) => e.event === 'done')
  expect(done?.runId, out).toBeTruthy()
  cli(['predict', dir, '--run', done!.runId!])
  return done!.runId!
}

async function openReview(app: Page, dir: string, runId: string) {
  await app.getByTestId('open-dir').fill(dir)
  await app.getByTestId('open-project').click()
  await app.getByTestId('nav-review').click()
  await app.locator(`[data-testid=review-run] option[value="${runId}"]`).waitFor({ state: 'attached' })
  await app.getByTestId('review-run').selectOption(runId)
  await expect(app.getByTestId('review-page')).toHaveAttribute('data-run-id', runId)
}

const currentItem = (app: Page) => app.locator('[data-testid=queue-item].current').getAttribute('data-image-id')

test('review a segmentation run: three synced views, worst-first queue, accept into a new mask version', async ({ app, projectDir, workDir, db }) => {
  const folder = makeLayoutFolder('images-masks', join(workDir, 'src'), 5, 64)
  cli(['init', projectDir])
  cli(['import', projectDir, folder.root])
  const runId = trainAndPredict(projectDir, 'segmentation')
  await openReview(app, projectDir, runId)

  for (const id of ['view-gt', 'view-pred', 'view-overlay']) await expect(app.getByTestId(id)).toBeVisible()
  const items = app.getByTestId('queue-item')
  await expect(items).toHaveCount(10)

  // Worst Dice first: the scores shown never go down the list, and match main's per-image Dice.
  const raw = await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.dice ?? ''))
  expect(raw.every((v) => v !== ''), 'every phantom image has ground truth').toBe(true)
  const dice = raw.map(Number)
  for (let i = 1; i < dice.length; i++) expect(dice[i]).toBeGreaterThanOrEqual(dice[i - 1])
  const ids = await items.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.imageId)))

  // Step through the queue with the keyboard; the views and the Dice readout follow.
  expect(Number(await currentItem(app))).toBe(ids[0])
  await expect(app.getByTestId('dice-value')).toHaveText(dice[0].toFixed(3))
  for (let i = 1; i < 4; i++) {
    await app.keyboard.press('j')
    await expect.poll(() => currentItem(app)).toBe(String(ids[i]))
    await expect(app.getByTestId('review-views')).toHaveAttribute('data-image-id', String(ids[i]))
    await expect(app.getByTestId('dice-value')).toHaveText(dice[i].toFixed(3))
  }
  await app.keyboard.press('k')
  await expect.poll(() => currentItem(app)).toBe(String(ids[2]))

  // Zoom, pan and window/level on one view move all three.
  const gt = app.getByTestId('view-gt')
  const box = (await gt.boundingBox())!
  const before = await gt.getAttribute('data-scale')
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await app.mouse.wheel(0, -400)
  await expect.poll(() => gt.getAttribute('data-scale')).not.toBe(before)
  await app.mouse.down()
  await app.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20, { steps: 4 })
  await app.mouse.up()
  await app.mouse.down({ button: 'right' })
  await app.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 - 40, { steps: 4 })
  await app.mouse.up({ button: 'right' })
  const state = (id: string) => app.getByTestId(id).evaluate((c) => {
    const d = (c as HTMLElement).dataset
    return [d.scale, d.offsetX, d.offsetY, d.windowCenter, d.windowWidth].join(' ')
  })
  await expect.poll(async () => [await state('view-pred'), await state('view-overlay')]).toEqual([await state('view-gt'), await state('view-gt')])
  await expect.poll(() => state('view-gt')).not.toContain(before!)

  // The threshold slider rescores the image on the client.
  await app.getByTestId('threshold').fill('0.2')
  await expect(app.getByTestId('threshold-value')).toHaveText('0.20')
  await app.getByTestId('threshold').fill('0.5')

  // Accept the worst prediction: a new mask version from this run, offered in the editor.
  await items.first().click()
  await expect.poll(() => currentItem(app)).toBe(String(ids[0]))
  await expect(app.getByTestId('dice-value')).toHaveAttribute('data-image-id', String(ids[0]))
  const before2 = db().prepare('SELECT max(id) AS id FROM mask_versions').get() as { id: number }
  await app.getByTestId('accept').click()
  const note = app.getByTestId('accepted-note')
  await expect(note).toBeVisible()
  const versionId = Number(await note.getAttribute('data-version-id'))
  expect(versionId).toBeGreaterThan(before2.id)
  const d = db()
  expect(d.prepare('SELECT image_id AS imageId, source, run_id AS runId, author FROM mask_versions WHERE id = ?').get(versionId))
    .toEqual({ imageId: ids[0], source: 'accepted_prediction', runId, author: 'Dr Test' })
  expect(d.prepare('SELECT current_mask_id AS m, review_status AS s FROM images WHERE id = ?').get(ids[0])).toEqual({ m: versionId, s: 'draft' })
  expect(d.prepare('SELECT review FROM predictions WHERE run_id = ? AND image_id = ?').get(runId, ids[0])).toEqual({ review: 'accepted' })
  await expect(items.first()).toHaveAttribute('data-review', 'accepted')
  // The accepted mask is now the truth, so this image agrees with it completely.
  await expect(app.getByTestId('dice-value')).toHaveText('1.000')

  // Reject (R) moves on to the next image.
  await app.keyboard.press('r')
  await expect.poll(() => currentItem(app)).toBe(String(ids[1]))
  await expect.poll(() => d.prepare('SELECT review FROM predictions WHERE run_id = ? AND image_id = ?').get(runId, ids[0])).toEqual({ review: 'rejected' })

  // "Open in editor" goes to the annotation page of that image.
  await items.first().click()
  await app.getByTestId('accept').click()
  await app.getByTestId('open-editor').click()
  await expect(app).toHaveURL(new RegExp(`/annotate/${ids[0]}$`))
})

test('review a classification run: click a confusion-matrix cell and see its images', async ({ app, projectDir, workDir, db }) => {
  const folder = makeLayoutFolder('classes', join(workDir, 'src'), 3, 64)
  cli(['init', projectDir])
  cli(['import', projectDir, folder.root])
  const runId = trainAndPredict(projectDir, 'classification')
  await openReview(app, projectDir, runId)

  await expect(app.getByTestId('confusion-matrix')).toBeVisible()
  const cells = app.getByTestId('confusion-cell')
  await expect(cells).toHaveCount(4)
  const counts = await cells.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.count)))
  expect(counts.reduce((a, b) => a + b, 0)).toBe(18)
  await expect(app.getByTestId('roc-curve')).toBeVisible()
  await expect(app.getByTestId('auc-value')).toHaveText(/^\d\.\d{3}$/)

  // Each non-empty cell lists exactly its images.
  for (let k = 0; k < 4; k++) {
    if (counts[k] === 0) continue
    await cells.nth(k).click()
    await expect(app.getByTestId('cell-images')).toBeVisible()
    await expect(app.getByTestId('cell-image')).toHaveCount(counts[k])
  }
  await app.getByTestId('cell-clear').click()
  await expect(app.getByTestId('cls-item')).toHaveCount(18)

  // Triage keys relabel the current image (recorded with the user's name).
  const current = app.getByTestId('cls-current')
  const imageId = Number(await current.getAttribute('data-image-id'))
  const secondClass = (await app.locator('.key-hint').nth(1).textContent())!.replace(/^\s*2\s*/, '').trim()
  await app.keyboard.press('2')
  await expect(app.getByTestId('label-note')).toBeVisible()
  await expect(current.getByTestId('cls-actual')).toHaveText(secondClass)
  const label = db().prepare('SELECT author, source, c.name FROM image_labels l JOIN label_classes c ON c.id = l.class_id WHERE l.image_id = ? ORDER BY l.id DESC LIMIT 1').get(imageId)
  expect(label).toEqual({ author: 'Dr Test', source: 'human', name: secondClass })
  await app.keyboard.press('j')
  await expect(current).not.toHaveAttribute('data-image-id', String(imageId))

  // Grad-CAM (G): computed in the trainer for the current image and drawn over it at its size.
  await app.keyboard.press('g')
  const heat = app.getByTestId('saliency-canvas')
  await expect(heat).toHaveAttribute('data-heat-max', /\d+/, { timeout: 60_000 })
  expect(Number(await heat.getAttribute('data-heat-max'))).toBeGreaterThan(0)
  const size = await heat.evaluate((c: HTMLCanvasElement) => [c.width, c.height])
  const imgId = Number(await current.getAttribute('data-image-id'))
  const dims = db().prepare('SELECT width, height FROM images WHERE id = ?').get(imgId) as { width: number; height: number }
  expect(size).toEqual([dims.width, dims.height])
})
