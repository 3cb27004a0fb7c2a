// Shared by the imaging tests: temp folders and the locations of Debian's reference data.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A temp folder removed after the test file. */
export function tempDir(prefix = 'radlab-imaging-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** python3-nibabel's test data (Debian package); tests using it skip with a message when absent. */
export const NIBABEL_DATA = '/usr/lib/python3/dist-packages/nibabel/tests/data'
export const NIBABEL_DICOM = '/usr/lib/python3/dist-packages/nibabel/nicom/tests/data'
export const FASHION_MNIST = '/usr/share/datasets/fashion-mnist'

export function hasFile(path: string): boolean {
  return existsSync(path)
}

export function skipMessage(path: string, pkg: string): string {
  return existsSync(path) ? '' : `(skipped: ${path} missing — install Debian package ${pkg})`
}
