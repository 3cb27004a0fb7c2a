// Exposes `window.radlab` with one function per contract channel: never a raw ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/channels'

const allowedEvents = new Set<string>(EVENT_CHANNELS)
const invokers: Record<string, (input: unknown) => Promise<unknown>> = {}
for (const channel of INVOKE_CHANNELS) invokers[channel] = (input: unknown) => ipcRenderer.invoke(channel, input)

contextBridge.exposeInMainWorld('radlabTransport', {
  invoke: (channel: string, input: unknown) => {
    const fn = invokers[channel]
    return fn ? fn(input) : Promise.resolve({ ok: false, error: { code: 'invalid_input', message: `unknown channel ${channel}` } })
  },
  on: (event: string, listener: (payload: unknown) => void) => {
    if (!allowedEvents.has(event)) throw new Error(`unknown event ${event}`)
    const wrapped = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
})

// Native pickers and the paths of dropped files: the only file paths the renderer handles are
// the sources and destinations the user picks.
contextBridge.exposeInMainWorld('radlabDialog', {
  pick: (opts: { kind: 'folder' | 'files' | 'any'; title?: string }) => ipcRenderer.invoke('dialog:pick', opts),
  pathForFile: (file: File) => webUtils.getPathForFile(file),
})
