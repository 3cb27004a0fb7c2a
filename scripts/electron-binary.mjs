// Where the Electron binary is, or null when `npm install` could not download it (offline).
// Shared by `npm start`, `radlab doctor` and the `_electron` UI tests.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const requireHere = createRequire(import.meta.url)

export function electronBinaryPath() {
  try {
    const dir = dirname(requireHere.resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}
