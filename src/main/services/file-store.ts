// Content-addressed store of source files: files/ab/<sha256>. The same file is kept once.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function storedPath(filesDir: string, sha: string): string {
  return join(filesDir, sha.slice(0, 2), sha)
}

const madeDirs = new Set<string>()

/**
 * Writes the bytes already read for hashing into the store, via a temp name so a full disk
 * never leaves half a file under the final name.
 */
export function storeFile(filesDir: string, sha: string, bytes: Uint8Array): string {
  const dest = storedPath(filesDir, sha)
  if (existsSync(dest)) return dest
  const dir = join(filesDir, sha.slice(0, 2))
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true })
    madeDirs.add(dir)
  }
  const tmp = `${dest}.partial`
  try {
    writeFileSync(tmp, bytes)
  } catch (e) {
    // The folder may have been removed under us (a project deleted and re-created): once more.
    if ((e as { code?: string }).code !== 'ENOENT') throw e
    mkdirSync(dir, { recursive: true })
    writeFileSync(tmp, bytes)
  }
  renameSync(tmp, dest)
  return dest
}
