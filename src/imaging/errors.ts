// Every decoder failure becomes one ImagingError: a machine-readable code for the import summary
// and a message that names the file and the problem, so a user can act on it without a stack trace.

export type ImagingErrorCode =
  | 'empty'
  | 'bad_magic'
  | 'truncated_header'
  | 'truncated_pixels'
  | 'bad_dims'
  | 'unsupported_datatype'
  | 'unsupported_transfer_syntax'
  | 'bad_gzip'
  | 'not_found'
  | 'unreadable'
  | 'unsupported_format'
  | 'mask_mismatch'
  | 'volume_4d'
  | 'bad_offset'
  | 'corrupt'

export class ImagingError extends Error {
  readonly code: ImagingErrorCode
  readonly file: string

  constructor(code: ImagingErrorCode, file: string, problem: string, options?: { cause?: unknown }) {
    super(`${displayName(file)}: ${problem}`, options)
    this.name = 'ImagingError'
    this.code = code
    this.file = file
  }
}

export function isImagingError(e: unknown): e is ImagingError {
  return e instanceof ImagingError
}

/** Base name keeps messages short; the full path stays in `error.file`. */
function displayName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'))
  return i >= 0 ? file.slice(i + 1) : file
}

/** Text of an unknown thrown value (libraries throw strings as well as Errors). */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return e.message
  return String(e)
}
