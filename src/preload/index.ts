// Exposes `window.radlab`: one function per contract channel (api.masks.save(input) → a Result),
// plus `on(event, cb)` for the allowed push events. Never a raw ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/channels'
import { channelMethod } from '../shared/channel-names'

const allowedEvents = new Set<string>(EVENT_CHANNELS)
const radlab: Record<string, Record<string, (input: unknown) => Promise<unknown>> | unknown> = {}
for (const channel of INVOKE_CHANNELS) {
  const [domain, method] = channelMethod(channel)
  const group = (radlab[domain] ??= {}) as Record<string, (input: unknown) => Promise<unknown>>
  group[method] = (input: unknown) => ipcRenderer.invoke(channel, input)
}
radlab.on = (event: string, listener: (payload: unknown) => void) => {
  if (!allowedEvents.has(event)) throw new Error(`unknown event ${event}`)
  const wrapped = (_e: unknown, payload: unknown) => listener(payload)
  ipcRenderer.on(event, wrapped)
  return () => ipcRenderer.removeListener(event, wrapped)
}
contextBridge.exposeInMainWorld('radlab', radlab)

// Native pickers and the paths of dropped files: the only file paths the renderer handles are
// the sources and destinations the user picks.
contextBridge.exposeInMainWorld('radlabDialog', {
  pick: (opts: { kind: 'folder' | 'files' | 'any'; title?: string }) => ipcRenderer.invoke('dialog:pick', opts),
  pathForFile: (file: File) => webUtils.getPathForFile(file),
})
