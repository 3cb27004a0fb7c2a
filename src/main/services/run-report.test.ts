import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { afterEach, expect, it } from 'vitest'
import { addImage, addMask, addRun, addSegPrediction, labelsAt, newProject, range, tempDir } from './export/testing'
import type { Project } from './project'
import { writeRunReport } from './run-report'

let cleanup = () => {}
let project: Project | null = null
afterEach(() => { project?.close(); project = null; cleanup() })

it('writes one self-contained HTML file: config, SVG curves, metrics and worst cases as inline PNGs', () => {
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const run = addRun(p, 'r1')
  for (let e = 1; e <= 4; e++) p.repos.runs.addEpoch(run, { epoch: e, loss: 1 / e, valLoss: 1.2 / e, valDice: 0.2 * e, valIoU: 0.15 * e, lr: 1e-3, imgPerSec: 50, seconds: 2 })
  const dice: number[] = []
  for (let k = 0; k < 10; k++) {
    const id = addImage(p, { name: `case<${k}>.png`, width: 16, height: 16, split: 'test' })
    addMask(p, id, labelsAt(256, range(40, 120)))
    addSegPrediction(p, run, id, labelsAt(256, range(40 + k * 8, 120 + k * 8)))
    dice.push(k)
  }
  const out = join(t.dir, 'report.html')
  const r = writeRunReport(p, run, out)
  const html = readFileSync(out, 'utf8')
  expect(r.bytes).toBe(Buffer.byteLength(html))
  expect(html.startsWith('<!doctype html>')).toBe(true)
  // Self-contained: no external URLs, no scripts; names are escaped.
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
  expect(html).not.toMatch(/<script|<link /)
  expect(html).toContain('case&lt;9&gt;.png')
  // Curves as inline SVG, the config and the metrics.
  expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(3)
  expect(html).toContain('valDice')
  expect(html).toMatch(/<th>epochs<\/th><td>3<\/td>/)
  expect(html).toMatch(/Dice 0\.\d{4}/)
  // 8 worst cases, worst first, each a decodable inline PNG with coloured outlines.
  const imgs = [...html.matchAll(/<img alt="([^"]+)" src="data:image\/png;base64,([^"]+)">/g)]
  expect(imgs).toHaveLength(8)
  expect(imgs[0][1]).toBe('case&lt;9&gt;.png')
  const png = PNG.sync.read(Buffer.from(imgs[0][2], 'base64'))
  expect([png.width, png.height]).toEqual([160, 160])
  let red = 0, green = 0
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i] === 255 && png.data[i + 1] === 40) red++
    if (png.data[i] === 0 && png.data[i + 1] === 220) green++
  }
  expect(red).toBeGreaterThan(0)
  expect(green).toBeGreaterThan(0)
  expect(() => writeRunReport(p, 'missing', out)).toThrow(/run missing does not exist/)
})

it('shows a classification run\'s confusion matrix and its most confident mistakes', () => {
  const t = tempDir()
  cleanup = t.cleanup
  const p = (project = newProject(t.dir))
  const run = addRun(p, 'c1', 'classification')
  const normal = p.repos.classes.ensure('image', 'NORMAL')
  const pneu = p.repos.classes.ensure('image', 'PNEUMONIA')
  const cases: [number, number][] = [[normal.id, 0.1], [normal.id, 0.95], [pneu.id, 0.8], [pneu.id, 0.3]]
  cases.forEach(([cls, prob], i) => {
    const id = addImage(p, { name: `x${i}.png`, width: 8, height: 8, split: 'test' })
    p.repos.labels.add({ imageId: id, classId: cls, flagged: false, author: 't', source: 'human', runId: null })
    p.repos.predictions.upsertProbs(run, id, [1 - prob, prob], 0)
  })
  const out = join(t.dir, 'c.html')
  writeRunReport(p, run, out)
  const html = readFileSync(out, 'utf8')
  expect(html).toContain('Accuracy 0.5000')
  expect(html).toMatch(/<tr><th>NORMAL<\/th><td>1<\/td><td>1<\/td><\/tr>/)
  const mistakes = [...html.matchAll(/<img alt="([^"]+)" src="data:image\/png;base64,[^"]+">/g)].map((m) => m[1])
  expect(mistakes).toEqual(['x1.png', 'x3.png'])
})
