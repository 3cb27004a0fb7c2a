// Fetch the Electron binary where the network allows; offline machines only get a warning,
// because `radlab serve` and the whole test suite work without it.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
let installer
try {
  installer = require.resolve('electron/install.js')
} catch {
  console.warn('[radlab] electron is not installed; `npm start` will use `radlab serve`.')
  process.exit(0)
}
const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
if (r.status !== 0) {
  console.warn('[radlab] Electron binary could not be downloaded (offline?). `npm start` will fall back to `radlab serve`.')
}
