// The Electron transport: ipcMain.handle per contract channel, webContents.send for events.
// This file and the preload are the only places that touch ipcMain / ipcRenderer.
import { ipcMain, type WebContents } from 'electron'
import { INVOKE_CHANNELS } from '../../shared/channels'
import type { EventBus } from './event-bus'
import type { Registry } from './registry'

export function installElectronTransport(registry: Registry, events: EventBus, isTrustedSender: (wc: WebContents) => boolean) {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (e, input) => {
      if (!isTrustedSender(e.sender)) return { ok: false, error: { code: 'invalid_input', message: 'untrusted sender' } }
      return registry.invoke(channel, input)
    })
  }
  const targets = new Set<WebContents>()
  events.subscribe((channel, payload) => {
    for (const wc of targets) if (!wc.isDestroyed()) wc.send(channel, payload)
  })
  return {
    addWindow(wc: WebContents) {
      targets.add(wc)
      wc.once('destroyed', () => targets.delete(wc))
    },
  }
}
