// Worker-thread entry under tsx (tests, CLI, bench): a worker does not inherit the parent's
// loader, so this registers tsx and then imports the TypeScript entry in workerData. A file,
// not eval'd code, so 'tsx' resolves from RadLab's install whatever the working directory.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
