// Mask editor performance, in Debian's Chromium through a real `radlab serve` (the renderer as
// shipped, real handlers, real SQLite):
//   brushP95Ms       95th percentile of the work per pointer event while brushing a 1024×1024 image
//                    at 100 % zoom (mask update + offscreen repaint + layer redraw: __radlabPerf
//                    with syncDraw on);
//   switchImageMs    N (next image) to the frame in which the next 512×512 image and its mask are
//                    drawn, median of several switches (the page prefetches neighbours meanwhile);
//   undo200MemoryMB  bytes held by the undo history after 200 large strokes on 1024×1024;
//   cpu, loadavg     the machine and its other load during the run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { createProject } from '../src/main/services/project'
import { runImport } from '../src/main/services/import'
import { xrayPhantom } from '../src/imaging/phantoms'
import { makeLayoutFolder } from '../test/fixtures/layouts'
import { writePng8 } from '../test/fixtures/writers'
import { chromiumPath } from '../test/e2e/chromium'
import { machine, percentile, printTable } from './lib/machine'
import { writeSuiteJson } from './lib/trainMachine'
import { startServeApi } from './lib/serve'

const SWITCHES = 7
const UNDO_STROKES = 200

async function prepareProject(work: string): Promise<string> {
  const dir = join(work, 'project')
  const p = createProject(dir)
  try {
    // Eight 512² slices with masks (switch), then one 1024² image (brush, undo).
    const seg = makeLayoutFolder('images-masks', join(work, 'src512'), 4, 512)
    await runImport(p, { paths: [seg.root] })
    const big = join(work, 'src1024', 'big.png')
    writePng8(big, xrayPhantom(99, 1024).pixels, 1024, 1024)
    await runImport(p, { paths: [join(work, 'src1024')] })
    p.repos.classes.ensure('mask', 'lesion')
  } finally {
    p.close()
  }
  return dir
}

async function showImage(page: Page, projectId: string, imageId: number) {
  await page.evaluate((h) => { window.location.hash = h }, `#/p/${projectId}/annotate/${imageId}`)
  await page.waitForFunction((id) => {
    const el = document.querySelector('[data-testid=annotate-page]')
    return el?.getAttribute('data-image-id') === String(id) && el.getAttribute('data-loading') === 'false'
  }, imageId, { timeout: 60_000 })
  await page.waitForSelector('[data-testid=mask-editor][data-images-shown]')
}

async function waitSaved(page: Page) {
  await page.waitForSelector('[data-testid=save-status][data-state=saved]', { timeout: 120_000 })
}

async function brushP95(page: Page): Promise<{ p95: number; p50: number; drawP95: number; count: number; frameP95: number }> {
  await page.keyboard.press('=') // 1:1
  await page.waitForFunction(() => document.querySelector('[data-testid=zoom-level]')?.textContent?.includes('100%'))
  await page.getByTestId('brush-size').fill('20')
  const box = (await page.getByTestId('mask-editor').boundingBox())!
  await page.evaluate(() => {
    window.__radlabPerf!.syncDraw = true
    window.__radlabPerf!.clear()
  })
  // Frame intervals while brushing: raster and compositing happen outside the pointer handler,
  // so this shows whether the whole pipeline keeps up (16.7 ms = no dropped frame at 60 Hz).
  // (A string, not a function: tsx's name-keeping helper does not exist in the page.)
  await page.evaluate(`(() => {
    window.__frames = []
    window.__framesOn = true
    const tick = (t) => { window.__frames.push(t); if (window.__framesOn) requestAnimationFrame(tick) }
    requestAnimationFrame(tick)
  })()`)
  // Three zig-zag strokes over the visible part of the image, ~100 pointer events each.
  for (let s = 0; s < 3; s++) {
    const y0 = box.y + 120 + s * 150
    await page.mouse.move(box.x + 80, y0)
    await page.mouse.down()
    for (let k = 1; k <= 100; k++) {
      await page.mouse.move(box.x + 80 + k * 8, y0 + (k % 20 < 10 ? (k % 10) * 6 : (10 - (k % 10)) * 6))
    }
    await page.mouse.up()
  }
  const summary = await page.evaluate(() => {
    const r = window.__radlabPerf!.summary()
    window.__radlabPerf!.syncDraw = false
    const w = window as unknown as { __frames: number[]; __framesOn: boolean }
    w.__framesOn = false
    return { ...r, frames: w.__frames }
  })
  const intervals = summary.frames.slice(1).map((t, i) => t - summary.frames[i])
  return {
    p95: summary.pointer.p95, p50: summary.pointer.p50, drawP95: summary.draw.p95, count: summary.pointer.count,
    frameP95: percentile(intervals, 95),
  }
}

async function undoMemory(page: Page): Promise<{ mb: number; depth: number }> {
  await page.getByTestId('brush-size').fill('60')
  // Fit (the button also takes focus from the size field, so keys reach the editor again).
  await page.getByTestId('view-fit').click()
  const toClient = (x: number, y: number) => page.evaluate(([ix, iy]) => window.__radlabEditor!.imageToClient(ix, iy), [x, y] as const)
  for (let i = 0; i < UNDO_STROKES; i++) {
    // Large diagonal strokes (about 460×460 px boxes) at different places on the 1024² image;
    // every other stroke erases the previous one (Shift) so each one changes pixels and is a step.
    const k = i - (i % 2)
    const x0 = 80 + ((k * 7) % 10) * 50
    const y0 = 40 + k * 2.5
    const a = await toClient(x0, y0)
    const b = await toClient(x0 + 400, y0 + 400)
    const erase = i % 2 === 1
    if (erase) await page.keyboard.down('Shift')
    await page.mouse.move(a.x, a.y)
    await page.mouse.down()
    await page.mouse.move(b.x, b.y, { steps: 6 })
    await page.mouse.up()
    if (erase) await page.keyboard.up('Shift')
  }
  return page.evaluate(() => ({
    mb: window.__radlabEditor!.historyBytes() / (1024 * 1024),
    depth: window.__radlabEditor!.undoDepth(),
  }))
}

async function switchTimes(page: Page, projectId: string, firstId: number): Promise<number[]> {
  await showImage(page, projectId, firstId)
  const times: number[] = []
  for (let i = 0; i < SWITCHES; i++) {
    // A user looks at an image before moving on: the page prefetches the neighbours meanwhile.
    await page.waitForTimeout(500)
    const ms = await page.evaluate(async () => {
      const perf = window.__radlabPerf!
      const t0 = performance.now()
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', bubbles: true }))
      const deadline = t0 + 10_000
      while (perf.lastImageShownAt <= t0 && performance.now() < deadline) await new Promise((r) => requestAnimationFrame(r))
      return perf.lastImageShownAt > t0 ? perf.lastImageShownAt - t0 : NaN
    })
    times.push(ms)
  }
  return times
}

export async function run() {
  const exe = chromiumPath()
  if (!exe) throw new Error('bench annotate needs Debian chromium (apt-get install -y chromium)')
  const work = mkdtempSync(join(tmpdir(), 'radlab-bench-annotate-'))
  const dir = await prepareProject(work)
  const server = await startServeApi(dir, { RADLAB_HOME: join(work, 'home') })
  const browser = await chromium.launch({
    executablePath: exe,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
  try {
    const { api } = server
    await api.settings.setUser({ name: 'bench' })
    const project = await api.projects.open({ dir })
    const listed = await api.images.list({ projectId: project.id, offset: 0, limit: 100 })
    const ids = listed.items.map((i) => i.id).sort((a, b) => a - b)
    const big = listed.items.find((i) => i.width === 1024)!.id
    const small = listed.items.filter((i) => i.width === 512).map((i) => i.id).sort((a, b) => a - b)
    if (small.length < SWITCHES + 1) throw new Error(`expected ${SWITCHES + 1} images of 512², found ${small.length} (of ${ids.length})`)

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.goto(server.url)
    await showImage(page, project.id, big)

    const brush = await brushP95(page)
    await waitSaved(page)
    const undo = await undoMemory(page)
    await waitSaved(page)
    const switches = await switchTimes(page, project.id, small[0])

    const result = {
      brushP95Ms: round(brush.p95, 2),
      switchImageMs: round(percentile(switches, 50), 1),
      undo200MemoryMB: round(undo.mb, 2),
      ...machine(),
      brushP50Ms: round(brush.p50, 2),
      brushDrawP95Ms: round(brush.drawP95, 2),
      brushPointerEvents: brush.count,
      brushFrameIntervalP95Ms: round(brush.frameP95, 1),
      switchImageMaxMs: round(Math.max(...switches), 1),
      switchSamples: switches.map((s) => round(s, 1)),
      undoDepth: undo.depth,
      chromium: browser.version(),
    }
    printTable(result)
    console.log(`wrote ${writeSuiteJson('annotate', result)}`)
    return result
  } finally {
    await browser.close()
    server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
