// `--import tsx` resolves tsx from the child's working directory, which is wherever the user
// ran `npx radlab` (often their data folder, without node_modules). Children that run
// TypeScript get tsx's loader by absolute URL instead, resolved from RadLab's own install.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const requireHere = createRequire(import.meta.url)

let cached: string | null = null

/** `execArgv` for a child process that runs a .ts entry. */
export function tsxExecArgv(): string[] {
  if (!cached) {
    const pkgPath = requireHere.resolve('tsx/package.json')
    const exp = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, string | { import?: string; default?: string }> }).exports['.']
    const entry = typeof exp === 'string' ? exp : (exp?.import ?? exp?.default)
    if (!entry) throw new Error(`cannot find tsx's loader in ${pkgPath}`)
    cached = pathToFileURL(join(dirname(pkgPath), entry)).href
  }
  return ['--import', cached]
}
