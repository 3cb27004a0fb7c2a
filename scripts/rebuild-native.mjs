// Rebuilds better-sqlite3 for one runtime. `electron`: for the app and packaging (needs the
// Electron headers, so internet or a cache). `node`: back to Node's ABI for tests and the CLI.
// Never run from postinstall: building the wrong ABI there silently breaks the test suite.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const target = process.argv[2]
const modDir = dirname(require.resolve('better-sqlite3/package.json'))

let r
if (target === 'electron') {
  const version = require('electron/package.json').version
  console.log(`rebuilding better-sqlite3 for Electron ${version}…`)
  r = spawnSync('npx', ['--no-install', 'electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit' })
} else if (target === 'node') {
  console.log(`rebuilding better-sqlite3 for Node ${process.version}…`)
  r = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' })
} else {
  console.error('usage: node scripts/rebuild-native.mjs electron|node')
  process.exit(2)
}
if (r.status !== 0) {
  console.error(`rebuild for ${target} failed (${modDir}); see the output above`)
  process.exit(r.status ?? 1)
}
