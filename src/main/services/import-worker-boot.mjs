// Source-tree entry for the import worker (radlab serve, CLI, tests): registers tsx inside the
// worker, then loads the TypeScript worker. Packaged builds start the bundled import-worker.js.
import { register } from 'tsx/esm/api'

register()
await import('./import-worker.ts')
