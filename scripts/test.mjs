// `npm test`: unit tests (vitest), then the UI tests (Playwright in Debian's Chromium through
// `radlab serve`). Fails when either fails.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (pkg, file) => join(root, 'node_modules', pkg, file)
const run = (label, args) => {
  console.log(`\n=== ${label} ===`)
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  return r.status ?? 1
}

let failed = 0
failed |= run('build', [bin('electron-vite', 'bin/electron-vite.js'), 'build'])
failed |= run('unit tests (vitest)', [bin('vitest', 'vitest.mjs'), 'run'])
failed |= run('UI tests (Playwright, Chromium via radlab serve)', [bin('@playwright/test', 'cli.js'), 'test'])
process.exit(failed ? 1 : 0)
