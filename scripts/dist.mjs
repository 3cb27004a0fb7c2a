// `npm run dist`: installers for this platform. electron-builder rebuilds native modules
// (better-sqlite3, tfjs-node) for Electron in place while packaging; the Node build is put back
// afterwards whatever happened, so tests and the CLI keep working. Needs internet.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1

let status = run([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
if (status === 0) status = run([join(root, 'node_modules', 'electron-builder', 'cli.js'), '--publish', 'never', ...process.argv.slice(2)])
const restore = run([join(root, 'scripts', 'rebuild-native.mjs'), 'node'])
if (restore !== 0) console.error('could not rebuild better-sqlite3 for Node: run `npm run rebuild:node` before testing')
process.exit(status)
