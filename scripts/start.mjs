// `npm start`: the Electron window where an Electron binary exists; otherwise `radlab serve`.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronBinaryPath } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) process.exit(build.status ?? 1)

const bin = electronBinaryPath()
const args = process.argv.slice(2)
if (bin) {
  // The app needs better-sqlite3 built for Electron; build it once beside the Node build.
  const abi = spawnSync(bin, ['-e', 'console.log(process.versions.modules)'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' }).stdout.trim()
  if (!existsSync(join(root, 'native', `electron-${abi}`, 'better_sqlite3.node'))) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'rebuild-native.mjs'), 'electron'], { cwd: root, stdio: 'inherit' })
    if (r.status !== 0) process.exit(r.status ?? 1)
  }
  const child = spawn(bin, [root, ...args], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log('No Electron binary on this machine (offline install): starting `radlab serve` instead — open the URL below in a browser.')
  const child = spawn(process.execPath, [join(root, 'bin', 'radlab.mjs'), 'serve', ...args], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
