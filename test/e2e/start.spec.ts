// The start screen as a user meets it: create a project, see errors in plain words, reopen from the recent list.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './harness'

test('create a project from the start screen, then reopen it from the recent list', async ({ app, projectDir, db }) => {
  await expect(app.getByTestId('start-screen')).toBeVisible()
  await expect(app.getByTestId('recent-projects')).toContainText('No projects yet')

  await app.getByTestId('create-dir').fill(projectDir)
  await app.getByTestId('create-name').fill('Chest triage')
  await app.getByTestId('create-project').click()

  await expect(app.getByTestId('dataset-page')).toBeVisible()
  await expect(app.getByTestId('image-count')).toHaveText('0')
  expect(existsSync(join(projectDir, 'radlab.sqlite'))).toBe(true)
  expect(db().prepare("SELECT value FROM meta WHERE key = 'name'").pluck().get()).toBe('Chest triage')
  // An empty project says so and offers the import.
  await expect(app.getByTestId('empty-project')).toBeVisible()
  await app.getByTestId('empty-import').click()
  await expect(app.getByTestId('import-panel')).toBeVisible()
  await expect(app.getByTestId('empty-project')).toHaveCount(0)

  await app.getByRole('button', { name: 'Projects' }).click()
  const recent = app.getByTestId('recent-project')
  await expect(recent).toHaveCount(1)
  await expect(recent).toContainText('Chest triage')
  await recent.click()
  await expect(app.getByTestId('dataset-page')).toBeVisible()
  await expect(app.locator('.topbar .brand')).toContainText('Chest triage')
})

test('errors from the API are shown with their message', async ({ app, workDir }) => {
  const notEmpty = join(workDir, 'not-empty')
  mkdirSync(notEmpty)
  writeFileSync(join(notEmpty, 'notes.txt'), 'x')
  await app.getByTestId('create-dir').fill(notEmpty)
  await app.getByTestId('create-project').click()
  await expect(app.getByTestId('start-error')).toContainText('is not empty')

  await app.getByTestId('open-dir').fill(join(workDir, 'nowhere'))
  await app.getByTestId('open-project').click()
  await expect(app.getByTestId('start-error')).toContainText('is not a RadLab project')
  await expect(app.getByTestId('start-screen')).toBeVisible()
})
