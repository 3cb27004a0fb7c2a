export function electronBinaryPath(): string | null
