// The same user path in the real Electron window, where an Electron binary exists. On machines
// without one (offline installs, these CI machines) every test here skips with the reason.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { makeLayoutFolder } from '../fixtures'
import { radlab, REPO } from './harness'
import { electronBinaryPath } from '../../scripts/electron-binary.mjs'

const bin = electronBinaryPath()
test.skip(!bin, 'no Electron binary on this machine (offline install: `npx install-electron` needs internet); the same paths run through `radlab serve` in the other specs')

test('opens a project, imports a folder and shows its thumbnails in the Electron window', async () => {
  const work = mkdtempSync(join(tmpdir(), 'radlab-electron-'))
  try {
    const project = join(work, 'p')
    expect(radlab(['init', project], { RADLAB_HOME: join(work, 'home') }).code).toBe(0)
    const f = makeLayoutFolder('classes', join(work, 'src'), 2, 48)
    const app = await electron.launch({ executablePath: bin!, args: [join(REPO, 'out', 'main', 'index.js')], env: { ...process.env, RADLAB_HOME: join(work, 'home') } as Record<string, string> })
    const page = await app.firstWindow()
    // The renderer has no Node: only the contract's functions are exposed.
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    await page.getByTestId('user-name-input').fill('Dr Electron')
    await page.getByTestId('user-name-save').click()
    await page.getByTestId('recent-project').first().click()
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-paths').fill(f.root)
    await page.getByTestId('import-run').click()
    await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 60_000 })
    await expect(page.getByTestId('stat-images')).toHaveText(String(f.expected.images))
    await expect(page.getByTestId('thumb').first()).toBeVisible()
    await app.close()
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
