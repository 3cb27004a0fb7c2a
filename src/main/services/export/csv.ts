// One CSV row (RFC 4180 quoting: fields with commas, quotes or newlines are quoted).
export function csvRow(fields: readonly (string | number)[]): string {
  return fields.map((f) => {
    const s = String(f)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }).join(',')
}
