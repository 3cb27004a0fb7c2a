// File paths from the desktop shell. Under Electron a preload may expose `window.radlabDialog`
// (a native folder/file picker and `webUtils.getPathForFile` for dropped files); in a browser
// (`radlab serve`) neither exists and a drop carries no paths, which the UI must say plainly.

export interface RadlabDialog {
  pick?(opts: { kind: 'folder' | 'files' | 'any'; title?: string }): Promise<string[] | null>
  pathForFile?(file: File): string
}

declare global {
  interface Window {
    radlabDialog?: RadlabDialog
  }
}

export function canPick(): boolean {
  return typeof window.radlabDialog?.pick === 'function'
}

export async function pickPaths(kind: 'folder' | 'files' | 'any', title?: string): Promise<string[]> {
  const picked = await window.radlabDialog?.pick?.({ kind, title })
  return picked ?? []
}

/** Paths of dropped files/folders, or an empty list where the platform does not give them. */
export function droppedPaths(dt: DataTransfer): string[] {
  const out: string[] = []
  for (const file of Array.from(dt.files)) {
    const viaPreload = window.radlabDialog?.pathForFile?.(file)
    // Older Electron (< 32) put the path on File itself.
    const legacy = (file as File & { path?: string }).path
    const p = viaPreload || legacy
    if (p) out.push(p)
  }
  return out
}
