import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Under Electron run from source, better-sqlite3 is loaded from native/electron-<abi>/ (built by
 * `npm run rebuild:electron`) so the Node build in node_modules stays for tests and the CLI.
 * Packaged apps and plain Node use the module's own build.
 */
export function sqliteNativeBinding(): string | undefined {
  if (!process.versions.electron) return undefined
  const candidate = join(process.cwd(), 'native', `electron-${process.versions.modules}`, 'better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}
