// better-sqlite3 for two runtimes side by side. `electron`: builds it against Electron's ABI into
// native/electron-<abi>/ (used by the app when run from source), then puts the Node build back,
// so tests and the CLI keep working. `node`: rebuilds the Node build in place.
// Never run from postinstall: building the wrong ABI there silently breaks the test suite.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const target = process.argv[2]
const modDir = dirname(require.resolve('better-sqlite3/package.json'))
const built = join(modDir, 'build', 'Release', 'better_sqlite3.node')

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed`)
    process.exit(r.status ?? 1)
  }
}

if (target === 'electron') {
  const version = require('electron/package.json').version
  const abi = spawnSync(process.execPath, ['-e', `console.log(require('node-abi').getAbi('${version}', 'electron'))`], { cwd: root, encoding: 'utf8' }).stdout.trim()
  const nodeCopy = join(root, 'native', `node-${process.versions.modules}`, 'better_sqlite3.node')
  mkdirSync(dirname(nodeCopy), { recursive: true })
  if (existsSync(built)) copyFileSync(built, nodeCopy)
  console.log(`building better-sqlite3 for Electron ${version} (ABI ${abi})…`)
  run('npx', ['--no-install', 'electron-rebuild', '--force', '--only', 'better-sqlite3', '--version', version])
  const dest = join(root, 'native', `electron-${abi}`, 'better_sqlite3.node')
  mkdirSync(dirname(dest), { recursive: true })
  copyFileSync(built, dest)
  if (existsSync(nodeCopy)) copyFileSync(nodeCopy, built)
  console.log(`Electron build: ${dest}; the Node build (tests, CLI) is back in place.`)
} else if (target === 'node') {
  console.log(`rebuilding better-sqlite3 for Node ${process.version}…`)
  run('npm', ['rebuild', 'better-sqlite3'])
} else {
  console.error('usage: node scripts/rebuild-native.mjs electron|node')
  process.exit(2)
}
