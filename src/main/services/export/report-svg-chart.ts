// A small inline SVG line chart (no script, no external resources) for per-epoch curves.
import { escapeHtml } from './report-html'

export interface Series { name: string; color: string; points: [number, number][] }

const W = 460, H = 230, L = 52, R = 12, T = 40, B = 34

function ticks(min: number, max: number, n = 4): number[] {
  if (min === max) return [min]
  return Array.from({ length: n + 1 }, (_, i) => min + ((max - min) * i) / n)
}

const label = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString())

export function lineChart(title: string, series: Series[]): string {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
  if (all.length === 0) return ''
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))]
  let [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))]
  if (x0 === x1) { x0 -= 1; x1 += 1 }
  if (y0 === y1) { y0 -= Math.abs(y0) * 0.1 || 1; y1 += Math.abs(y1) * 0.1 || 1 }
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R)
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B)
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}">`]
  parts.push(`<text x="${L}" y="16" class="t">${escapeHtml(title)}</text>`)
  for (const y of ticks(y0, y1)) parts.push(`<line x1="${L}" x2="${W - R}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" class="g"/><text x="${L - 4}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" class="a">${label(y)}</text>`)
  for (const x of ticks(x0, x1, Math.min(5, Math.max(1, Math.round(x1 - x0))))) parts.push(`<text x="${sx(x).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" class="a">${label(Math.round(x * 100) / 100)}</text>`)
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle" class="a">epoch</text>`)
  parts.push(`<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" class="ax"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" class="ax"/>`)
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    if (pts.length === 0) return
    const d = pts.map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('')
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`)
    if (pts.length === 1) parts.push(`<circle cx="${sx(pts[0][0]).toFixed(1)}" cy="${sy(pts[0][1]).toFixed(1)}" r="3" fill="${s.color}"/>`)
    const lx = L + 8 + i * 110
    parts.push(`<rect x="${lx}" y="${T - 14}" width="10" height="3" fill="${s.color}"/><text x="${lx + 14}" y="${T - 10}" class="a">${escapeHtml(s.name)}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}
