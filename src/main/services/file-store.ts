// Content-addressed store of source files: files/ab/<sha256>. The same file is kept once.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function storedPath(filesDir: string, sha: string): string {
  return join(filesDir, sha.slice(0, 2), sha)
}

/** Copies a source into the store (via a temp name, so a full disk never leaves half a file). */
export function storeFile(filesDir: string, sha: string, source: string): string {
  const dest = storedPath(filesDir, sha)
  if (existsSync(dest)) return dest
  mkdirSync(join(filesDir, sha.slice(0, 2)), { recursive: true })
  const tmp = `${dest}.partial`
  copyFileSync(source, tmp)
  renameSync(tmp, dest)
  return dest
}
