// Browsing in the app makes no connection beyond the loopback transport: every request the page
// makes goes to the `radlab serve` origin, and the server process (guarded) attempts none.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeLayoutFolder } from '../fixtures'
import { expect, radlab, REPO, startServe, test } from './harness'

test('import and browse without any outbound connection', async ({ page, home, workDir }) => {
  const netLog = join(workDir, 'net.log')
  const guard = { NODE_OPTIONS: `--import ${join(REPO, 'test', 'support', 'no-network.mjs')}`, RADLAB_NET_LOG: netLog }
  const project = join(workDir, 'p')
  expect(radlab(['init', project], { ...guard, RADLAB_HOME: home }).code).toBe(0)
  const f = makeLayoutFolder('classes', join(workDir, 'src'), 2, 48)
  expect(radlab(['import', project, f.root], { ...guard, RADLAB_HOME: home }).code).toBe(0)
  const serve = await startServe({ project, home, env: guard })
  const foreign: string[] = []
  page.on('request', (r) => {
    const u = r.url()
    if (!u.startsWith(serve.origin) && !u.startsWith('ws://' + new URL(serve.origin).host) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u)
  })
  try {
    await page.goto(serve.url)
    await page.getByTestId('user-name-input').fill('Dr Offline')
    await page.getByTestId('user-name-save').click()
    // Open the project from the recent list and let the grid load its thumbnails.
    await page.getByTestId('recent-project').first().click()
    await expect(page.getByTestId('stat-images')).toHaveText(String(f.expected.images))
    await expect(page.getByTestId('thumb').first()).toBeVisible()
    await page.getByTestId('thumb').first().dblclick()
    await page.waitForTimeout(1000)
  } finally {
    await serve.stop()
  }
  expect(foreign).toEqual([])
  expect(existsSync(netLog) ? readFileSync(netLog, 'utf8') : '').toBe('')
})
