// Errors cross every boundary (IPC, WebSocket, CLI) as plain data so no field is lost.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'project_not_open'
  | 'project_exists'
  | 'project_too_new'
  | 'read_only'
  | 'disk_full'
  | 'conflict'
  | 'imaging'
  | 'training'
  | 'unsupported'
  | 'internal'

export interface ErrorData {
  code: ErrorCode
  message: string
  details?: unknown
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData }

export class RadlabError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'RadlabError'
    this.code = code
    this.details = details
  }
  toData(): ErrorData {
    return { code: this.code, message: this.message, details: this.details }
  }
}

/** Turns anything thrown into error data; unknown errors keep their message, never a stack. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof RadlabError) return err.toData()
  const e = err as { code?: string; message?: string; name?: string } | null
  if (e && (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC')) {
    return { code: 'disk_full', message: `disk full: ${e.message ?? ''}`.trim() }
  }
  if (e && (e.code === 'SQLITE_READONLY' || e.code === 'EROFS' || e.code === 'EACCES')) {
    return { code: 'read_only', message: `cannot write: ${e.message ?? ''}`.trim() }
  }
  if (e && e.name === 'ImagingError') return { code: 'imaging', message: e.message ?? 'imaging error' }
  return { code: 'internal', message: e?.message ?? String(err) }
}
