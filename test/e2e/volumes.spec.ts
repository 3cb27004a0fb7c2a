// Importing volumes from the UI: a DICOM folder (two series, files without extensions written out
// of order) and a NIfTI volume with its label volume given as masks.
import { join } from 'node:path'
import { makeLayoutFolder } from '../fixtures'
import { expect, test } from './harness'

test('import a DICOM folder and a NIfTI volume with its label volume from the UI', async ({ app, projectDir, workDir, db }) => {
  const dicom = makeLayoutFolder('dicom', join(workDir, 'src'), 4, 32)
  const nifti = makeLayoutFolder('nifti', join(workDir, 'src'), 6, 32)
  await app.getByTestId('create-dir').fill(projectDir)
  await app.getByTestId('create-project').click()
  await expect(app.getByTestId('dataset-page')).toBeVisible()

  await app.getByTestId('open-import').click()
  await app.getByTestId('import-paths').fill(dicom.root)
  await app.getByTestId('import-run').click()
  const summary = app.getByTestId('import-summary')
  await expect(summary.getByTestId('sum-added')).toHaveText('8', { timeout: 60_000 })
  const series = db().prepare('SELECT v.series_uid, count(i.id) AS n FROM volumes v JOIN images i ON i.volume_id = v.id GROUP BY v.id ORDER BY v.series_uid').all()
  expect(series).toEqual([{ series_uid: '1.2.826.0.1.3680043.8.498.100', n: 4 }, { series_uid: '1.2.826.0.1.3680043.8.498.200', n: 4 }])
  // Slices are ordered by position, whatever order the files came in; no patient ID is stored.
  const sop = db().prepare("SELECT slice_index, patient_key FROM images WHERE volume_id = 1 ORDER BY slice_index").all() as { slice_index: number; patient_key: string }[]
  expect(sop.map((r) => r.slice_index)).toEqual([0, 1, 2, 3])
  expect(sop.every((r) => /^[0-9a-f]{16}$/.test(r.patient_key) && !r.patient_key.includes('PAT'))).toBe(true)

  await app.getByTestId('import-paths').fill(nifti.images[0])
  await app.getByTestId('import-masks').fill(nifti.masks[0])
  await app.getByTestId('import-run').click()
  await expect(summary.getByTestId('sum-added')).toHaveText('6', { timeout: 60_000 })
  await expect(summary.getByTestId('sum-masks')).toHaveText('6')
  await expect(app.getByTestId('stat-images')).toHaveText('14')
  await expect(app.getByTestId('stat-masks')).toHaveText('6')
})
