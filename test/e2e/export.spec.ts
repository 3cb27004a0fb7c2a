// Export from the app: the dialog drives the same services as `radlab export` / `radlab report`.
import { existsSync, readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeLayoutFolder } from '../fixtures'
import { expect, radlab, test } from './harness'

test('export an nnU-Net dataset and a run report from the app; a non-empty folder is refused without force', async ({ app, projectDir, workDir, home }) => {
  const env = { RADLAB_HOME: home }
  expect(radlab(['init', projectDir], env).code).toBe(0)
  const f = makeLayoutFolder('images-masks', join(workDir, 'src'), 4, 32)
  expect(radlab(['import', projectDir, f.root, '--split', 'train'], env).code).toBe(0)
  const train = radlab(['train', projectDir, '--task', 'segmentation', '--epochs', '1', '--input-size', '32', '--json'], env)
  expect(train.code, train.stderr).toBe(0)

  await app.reload()
  await app.getByTestId('recent-project').first().click()
  await app.getByTestId('open-export').click()
  const out = join(workDir, 'nnunet')
  await app.getByTestId('export-out').fill(out)
  await app.getByTestId('export-start').click()
  await expect(app.getByTestId('export-result')).toContainText('wrote')
  const dataset = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'))
  expect(dataset.numTraining).toBe(f.expected.images)
  expect(readdirSync(join(out, 'imagesTr')).every((n) => n.endsWith('_0000.nii.gz'))).toBe(true)
  expect(readdirSync(join(out, 'labelsTr'))).toHaveLength(f.expected.images)
  expect(existsSync(join(out, 'splits_final.json'))).toBe(true)

  // A folder that exists and is not empty is refused unless forced.
  const busy = join(workDir, 'busy')
  mkdirSync(busy)
  writeFileSync(join(busy, 'keep.txt'), 'x')
  await app.getByTestId('export-out').fill(busy)
  await app.getByTestId('export-start').click()
  await expect(app.getByTestId('export-error')).toContainText(/not empty/)
  expect(readdirSync(busy)).toEqual(['keep.txt'])

  await app.getByTestId('export-format').selectOption('report')
  const report = join(workDir, 'report.html')
  await app.getByTestId('export-out').fill(report)
  await app.getByTestId('export-start').click()
  await expect(app.getByTestId('export-result')).toContainText('report.html')
  const html = readFileSync(report, 'utf8')
  expect(html).toContain('<svg')
  // Self-contained: nothing is fetched (an SVG xmlns is a name, not a request).
  expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import/)
})
