// Predict from the dataset browser: exactly the images the filters show.
import { join } from 'node:path'
import { makeLayoutFolder } from '../fixtures'
import { expect, radlab, test } from './harness'

test('predict the filtered selection of images and find one prediction per shown image in the DB', async ({ app, projectDir, workDir, home, db }) => {
  const env = { RADLAB_HOME: home }
  expect(radlab(['init', projectDir], env).code).toBe(0)
  const f = makeLayoutFolder('classes', join(workDir, 'src'), 3, 32)
  expect(radlab(['import', projectDir, f.root], env).code).toBe(0)
  const train = radlab(['train', projectDir, '--task', 'classification', '--epochs', '1', '--input-size', '32', '--json'], env)
  expect(train.code, train.stderr).toBe(0)
  const runId = JSON.parse(train.stdout.trim().split('\n').pop()!).runId as string

  await app.reload()
  await app.getByTestId('recent-project').first().click()
  await app.getByTestId('filter-split').selectOption('test')
  await expect(app.getByTestId('image-count')).toHaveText(String(f.expected.bySplit.test))
  await app.getByTestId('predict-selection').click()
  await expect(app.getByTestId('predict-run')).toHaveValue(runId)
  await app.getByTestId('predict-selection-start').click()
  await expect(app.getByTestId('predict-selection-progress')).toContainText('done', { timeout: 120_000 })
  const rows = db().prepare('SELECT i.split FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ?').all(runId) as { split: string }[]
  expect(rows).toHaveLength(f.expected.bySplit.test)
  expect(rows.every((r) => r.split === 'test')).toBe(true)
})
