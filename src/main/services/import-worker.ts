// Worker thread: prepares image files for import (decode, pack, thumbnail) off main's thread.
import { parentPort } from 'node:worker_threads'
import { prepareImageFile, transferList } from './import-prepare'

parentPort!.on('message', (m: { id: number; path: string; maskPath?: string }) => {
  try {
    const r = prepareImageFile(m.path, m.maskPath)
    parentPort!.postMessage({ id: m.id, ok: true, value: r }, transferList(r))
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: { message: (e as Error).message, code: (e as { code?: string }).code ?? null, name: (e as Error).name } })
  }
})
