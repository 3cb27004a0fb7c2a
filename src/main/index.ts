// Electron main: app lifecycle, the window and its security settings. Data work lives in
// services; training lives in the trainer process.
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron'
import { join } from 'node:path'
import { z } from 'zod'
import { createAppContext } from './app-context'
import { createHandlers } from './ipc/handlers'
import { createRegistry } from './ipc/registry'
import { installElectronTransport } from './ipc/electron-transport'

const ctx = createAppContext('electron')
const registry = createRegistry(createHandlers(ctx))
let rendererOrigin = ''

const transport = installElectronTransport(registry, ctx.events, (wc) => {
  const url = wc.getURL()
  return url.startsWith('file://') || (rendererOrigin !== '' && url.startsWith(rendererOrigin))
})

// Native folder/file pickers: the only paths the renderer ever handles are the ones the user picks.
const pickInput = z.object({ kind: z.enum(['folder', 'files', 'any']), title: z.string().max(200).optional() })
ipcMain.handle('dialog:pick', async (e, raw: unknown) => {
  const parsed = pickInput.safeParse(raw)
  const win = BrowserWindow.fromWebContents(e.sender)
  if (!parsed.success || !win) return []
  const { kind, title } = parsed.data
  const properties: ('openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory')[] =
    kind === 'folder' ? ['openDirectory', 'createDirectory', 'multiSelections'] : kind === 'files' ? ['openFile', 'multiSelections'] : ['openFile', 'openDirectory', 'multiSelections']
  const r = await dialog.showOpenDialog(win, { title, properties })
  return r.canceled ? [] : r.filePaths
})

function createWindow() {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'RadLab',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  transport.addWindow(win.webContents)
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(rendererOrigin || 'file://')) e.preventDefault()
  })
  if (process.env.ELECTRON_RENDERER_URL) {
    rendererOrigin = new URL(process.env.ELECTRON_RENDERER_URL).origin
    void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  } else {
    void win.loadFile(join(__dirname, '../renderer/index.html'))
  }
}

app.whenReady().then(() => {
  // RadLab makes no network connection of its own: block every request that is not local.
  session.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    const u = details.url
    // In development the renderer comes from the local dev server, whose hot reload uses a WebSocket.
    const devServer = rendererOrigin !== '' && (u.startsWith(rendererOrigin) || u.startsWith(rendererOrigin.replace(/^http/, 'ws')))
    const local = u.startsWith('file:') || u.startsWith('devtools:') || u.startsWith('data:') || u.startsWith('blob:') || devServer
    cb({ cancel: !local })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false))
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault())
})

app.on('window-all-closed', () => {
  ctx.jobs.shutdown()
  ctx.projects.closeAll()
  if (process.platform !== 'darwin') app.quit()
})

