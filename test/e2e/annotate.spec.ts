// The mask editor as a radiologist uses it, in Chromium through `radlab serve`: brush, eraser,
// undo/redo, polygon, flood fill, the editable intensity range, window/level, reload, restore,
// slices of a volume with fill between slices, approval, and two windows on one image. Every
// paint operation is read back from the project DB (RLE blobs decoded) and compared pixel for
// pixel with what the canvas library's footprint/fill functions say the gesture covers.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import Database from 'better-sqlite3'
import { makeLayoutFolder, writePng8 } from '../fixtures'
import { decodeMaskRle, encodeMaskRle } from '../../src/imaging/mask-rle'
import { discSpans, fillPolygon, stampDisc } from '../../src/renderer/src/canvas/tools'
import { test, expect, radlab } from './harness'

// ----- helpers ---------------------------------------------------------------------------------

/** A grey image with two intensities: 50 left of x = split, 200 from it. */
function twoIntensity(width: number, height: number, split: number): Uint8Array {
  const px = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) px[y * width + x] = x < split ? 50 : 200
  return px
}

function prepare(projectDir: string, folder: string, name = 'annotate') {
  expect(radlab(['init', projectDir, '--name', name]).code).toBe(0)
  const imp = radlab(['import', projectDir, folder])
  expect(imp.code, imp.stderr).toBe(0)
}

/** Opens the project, then the editor on `imageId`; adds the default "lesion" class when asked. */
async function openEditor(app: Page, projectDir: string, imageId: number): Promise<string> {
  await app.getByTestId('open-dir').fill(projectDir)
  await app.getByTestId('open-project').click()
  await expect(app).toHaveURL(/#\/p\/[^/]+\/dataset/)
  const projectId = /#\/p\/([^/]+)\//.exec(app.url())![1]
  await app.evaluate((h) => { window.location.hash = h }, `#/p/${projectId}/annotate/${imageId}`)
  await shown(app, imageId)
  if (await app.getByTestId('class-setup').isVisible()) {
    await expect(app.getByTestId('new-class-name')).toHaveValue('lesion')
    await app.getByTestId('add-class').click()
    await expect(app.getByTestId('class-lesion')).toBeVisible()
    await expect(app.getByTestId('class-setup')).toBeHidden()
  }
  await stableView(app)
  return projectId
}

/** The class setup bar going away resizes the stage (and refits): wait until the view settles. */
async function stableView(app: Page) {
  let last = ''
  await expect.poll(async () => {
    const now = (await app.getByTestId('mask-editor').getAttribute('data-view')) ?? ''
    const same = now === last
    last = now
    return same
  }, { intervals: [150, 150, 150, 300] }).toBe(true)
}

/** Pick a tool by its key and wait until the editor has it. */
async function tool(app: Page, key: string, name: string) {
  await app.keyboard.press(key)
  await expect(app.getByTestId('mask-editor')).toHaveAttribute('data-tool', name)
}

async function shown(app: Page, imageId: number) {
  await expect(app.getByTestId('annotate-page')).toHaveAttribute('data-image-id', String(imageId))
  await expect(app.getByTestId('annotate-page')).toHaveAttribute('data-loading', 'false')
  await expect(app.getByTestId('mask-editor')).toHaveAttribute('data-images-shown', /\d+/)
}

async function saved(app: Page) {
  await expect(app.getByTestId('save-status')).toHaveAttribute('data-state', 'saved')
  await expect(app.getByTestId('save-status')).toHaveText('saved')
}

/** Client coordinates of image point (x, y) (pixel centres are at i + 0.5). */
async function toClient(app: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return app.evaluate(([ix, iy]) => {
    const p = window.__radlabEditor!.imageToClient(ix, iy)
    return { x: p.x, y: p.y }
  }, [x, y] as const)
}

/** Left-drag along image-space points (pixel centres), with intermediate moves. */
async function drag(app: Page, points: [number, number][], opts: { button?: 'left' | 'right'; steps?: number } = {}) {
  const first = await toClient(app, points[0][0] + 0.5, points[0][1] + 0.5)
  await app.mouse.move(first.x, first.y)
  await app.mouse.down({ button: opts.button ?? 'left' })
  for (const [x, y] of points.slice(1)) {
    const c = await toClient(app, x + 0.5, y + 0.5)
    await app.mouse.move(c.x, c.y, { steps: opts.steps ?? 8 })
  }
  await app.mouse.up({ button: opts.button ?? 'left' })
}

function currentMask(db: Database.Database, imageId: number): { id: number; labels: Uint8Array; author: string; parentId: number | null } | null {
  const row = db.prepare('SELECT v.id, v.data, v.author, v.parent_id AS parentId FROM images i JOIN mask_versions v ON v.id = i.current_mask_id WHERE i.id = ?')
    .get(imageId) as { id: number; data: Buffer; author: string; parentId: number | null } | undefined
  return row ? { id: row.id, labels: decodeMaskRle(new Uint8Array(row.data)).labels, author: row.author, parentId: row.parentId } : null
}

function versionCount(db: Database.Database, imageId: number): number {
  return db.prepare('SELECT count(*) FROM mask_versions WHERE image_id = ?').pluck().get(imageId) as number
}

function versionLabels(db: Database.Database, versionId: number): Uint8Array {
  const data = db.prepare('SELECT data FROM mask_versions WHERE id = ?').pluck().get(versionId) as Buffer
  return decodeMaskRle(new Uint8Array(data)).labels
}

/** What a horizontal brush stroke of `size` along row y from x0 to x1 covers (the library's own footprint). */
function strokeSet(width: number, height: number, size: number, y: number, x0: number, x1: number, value = 1, image?: Float32Array, range?: { low: number; high: number }): Uint8Array {
  const m = new Uint8Array(width * height)
  const spans = discSpans(size)
  const img = image ?? new Float32Array(width * height)
  for (let x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) stampDisc(m, img, width, height, spans, x, y, value, range ?? null)
  return m
}

function diffCount(a: Uint8Array, b: Uint8Array): number {
  let n = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++
  return n
}

async function setBrush(app: Page, size: number) {
  await app.getByTestId('brush-size').fill(String(size))
  await app.getByTestId('mask-editor').hover()
}

const imageIds = (db: Database.Database) => db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]

// ----- tests -----------------------------------------------------------------------------------

test('brush, eraser, undo and redo are saved as versions exactly under the strokes; reload finds the mask', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 2, 96)
  prepare(projectDir, f.root)
  const [id] = imageIds(db())
  await openEditor(app, projectDir, id)
  await saved(app)
  expect(versionCount(db(), id)).toBe(0)

  // Brush: size 5 along row 30 from x 20 to 60.
  await setBrush(app, 5)
  await drag(app, [[20, 30], [60, 30]])
  await saved(app)
  const afterBrush = strokeSet(96, 96, 5, 30, 20, 60)
  let m = currentMask(db(), id)!
  expect(diffCount(m.labels, afterBrush)).toBe(0)
  expect(m.author).toBe('Dr Test')
  expect(m.parentId).toBeNull()
  await expect(app.getByTestId('review-status')).toHaveText('draft')

  // Eraser (E) over the right half of the stroke.
  await tool(app, 'e', 'eraser')
  await drag(app, [[40, 30], [60, 30]])
  await saved(app)
  const erased = strokeSet(96, 96, 5, 30, 40, 60)
  const afterErase = afterBrush.map((v, i) => (erased[i] ? 0 : v))
  const v2 = currentMask(db(), id)!
  expect(diffCount(v2.labels, afterErase)).toBe(0)
  expect(v2.parentId).toBe(m.id)

  // Undo brings the brush-only mask back as a new version; redo the erased one.
  await app.keyboard.press('Control+z')
  await saved(app)
  m = currentMask(db(), id)!
  expect(diffCount(m.labels, afterBrush)).toBe(0)
  expect(m.parentId).toBe(v2.id)
  await app.keyboard.press('Control+Shift+z')
  await saved(app)
  m = currentMask(db(), id)!
  expect(diffCount(m.labels, afterErase)).toBe(0)
  expect(versionCount(db(), id)).toBe(4)

  // A stroke and an immediate reload: the pending save is flushed on page hide, nothing lost.
  await tool(app, 'b', 'brush')
  await drag(app, [[10, 70], [50, 70]])
  await app.reload()
  await shown(app, id)
  await saved(app)
  const expected = afterErase.slice()
  strokeSet(96, 96, 5, 70, 10, 50).forEach((v, i) => { if (v) expected[i] = 1 })
  expect(diffCount(currentMask(db(), id)!.labels, expected)).toBe(0)
  const onScreen = await app.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
  expect(diffCount(Uint8Array.from(onScreen), expected)).toBe(0)
})

test('polygon and flood fill; the editable intensity range paints only pixels inside it', async ({ app, workDir, projectDir, db }) => {
  const dir = join(workDir, 'two')
  writePng8(join(dir, 'a_fill.png'), twoIntensity(64, 64, 32), 64, 64)
  // Not byte-identical to a_fill.png (identical files are imported once): one left pixel is 51.
  const bPixels = twoIntensity(64, 64, 32)
  bPixels[63 * 64] = 51
  writePng8(join(dir, 'b_range.png'), bPixels, 64, 64)
  prepare(projectDir, dir)
  const [a, b] = imageIds(db())
  await openEditor(app, projectDir, a)

  // Polygon (P): four clicks on pixel corners, Enter closes; compare with the library's fill.
  await tool(app, 'p', 'polygon')
  const corners: [number, number][] = [[5, 40], [25, 40], [25, 58], [5, 58]]
  const poly: { x: number; y: number }[] = []
  for (const [x, y] of corners) {
    const c = await toClient(app, x, y)
    const cx = Math.round(c.x)
    const cy = Math.round(c.y)
    await app.mouse.click(cx, cy)
    poly.push(await app.evaluate(([px, py]) => window.__radlabEditor!.clientToImage(px, py), [cx, cy] as const))
  }
  await app.keyboard.press('Enter')
  await saved(app)
  const polyExpected = new Uint8Array(64 * 64)
  fillPolygon(polyExpected, new Float32Array(64 * 64), 64, 64, poly, 1, null)
  let m = currentMask(db(), a)!
  expect(diffCount(m.labels, polyExpected)).toBe(0)
  expect(m.labels.reduce((s, v) => s + v, 0)).toBeGreaterThan(300)

  // Flood fill (F) in the right half (value 200): exactly the right half joins the mask.
  await tool(app, 'f', 'fill')
  await app.getByTestId('fill-tolerance').fill('10')
  const c = await toClient(app, 50.5, 10.5)
  await app.mouse.click(c.x, c.y)
  await saved(app)
  m = currentMask(db(), a)!
  const fillExpected = polyExpected.slice()
  for (let y = 0; y < 64; y++) for (let x = 32; x < 64; x++) fillExpected[y * 64 + x] = 1
  expect(diffCount(m.labels, fillExpected)).toBe(0)

  // Next image (N): a brush stroke across both halves with the range [150, 255] only paints x ≥ 32.
  await app.keyboard.press('n')
  await shown(app, b)
  await tool(app, 'b', 'brush')
  await app.getByTestId('range-enabled').check()
  await app.getByTestId('range-low').fill('150')
  await app.getByTestId('range-high').fill('255')
  await setBrush(app, 7)
  await drag(app, [[10, 20], [54, 20]])
  await saved(app)
  const img = Float32Array.from(bPixels)
  const rangeExpected = strokeSet(64, 64, 7, 20, 10, 54, 1, img, { low: 150, high: 255 })
  const mb = currentMask(db(), b)!
  expect(diffCount(mb.labels, rangeExpected)).toBe(0)
  for (let i = 0; i < 64 * 64; i++) if (mb.labels[i]) expect(i % 64).toBeGreaterThanOrEqual(32)
  expect(mb.labels.reduce((s, v) => s + v, 0)).toBeGreaterThan(100)
  // Image a is untouched by the work on b.
  expect(diffCount(currentMask(db(), a)!.labels, fillExpected)).toBe(0)
})

test('window/level: a preset and a Ctrl+right-drag change the rendered grey as the formula says', async ({ app, workDir, projectDir, db }) => {
  const dir = join(workDir, 'two')
  writePng8(join(dir, 'wl.png'), twoIntensity(64, 64, 32), 64, 64)
  prepare(projectDir, dir)
  const [id] = imageIds(db())
  await openEditor(app, projectDir, id)
  const grey = (x: number, y: number) => app.evaluate(([i, j]) => window.__radlabEditor!.imageGreyAt(i, j), [x, y] as const)
  const windowOf = async () => JSON.parse((await app.getByTestId('mask-editor').getAttribute('data-window'))!) as { center: number; width: number }
  const formula = (v: number, w: { center: number; width: number }) => Math.round(Math.min(1, Math.max(0, (v - (w.center - w.width / 2)) / w.width)) * 255)

  await app.getByTestId('window-preset').selectOption('ct-brain') // C 40, W 80
  await expect(app.getByTestId('mask-editor')).toHaveAttribute('data-window', /"center":40,"width":80/)
  expect(await grey(10, 10)).toBe(formula(50, { center: 40, width: 80 })) // 159
  expect(await grey(50, 10)).toBe(255)

  // Ctrl+right-drag (works with the brush selected): right = wider, down = lower level (brighter).
  const before = await windowOf()
  const start = await toClient(app, 32, 32)
  await app.keyboard.down('Control')
  await app.mouse.move(start.x, start.y)
  await app.mouse.down({ button: 'right' })
  await app.mouse.move(start.x + 60, start.y + 40, { steps: 6 })
  await app.mouse.up({ button: 'right' })
  await app.keyboard.up('Control')
  await expect.poll(async () => (await windowOf()).width).toBeGreaterThan(before.width)
  const after = await windowOf()
  expect(after.center).toBeLessThan(before.center)
  expect(await grey(10, 10)).toBe(formula(50, after))
  expect(await grey(50, 10)).toBe(formula(200, after))
  // The drag changed the view, not the mask.
  expect(versionCount(db(), id)).toBe(0)

  // Help overlay lists the canvas keys and the page's own.
  await app.keyboard.press('?')
  await expect(app.getByTestId('shortcut-help')).toContainText('Flood fill')
  await expect(app.getByTestId('page-shortcuts')).toContainText('Next image')
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('help-overlay')).toBeHidden()
})

test('history: view an old version read-only and restore it as a new version', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 1, 64)
  prepare(projectDir, f.root)
  const [id] = imageIds(db())
  await openEditor(app, projectDir, id)
  await setBrush(app, 3)
  await drag(app, [[10, 10], [30, 10]])
  await saved(app)
  const first = currentMask(db(), id)!
  await drag(app, [[10, 40], [50, 40]])
  await saved(app)
  expect(versionCount(db(), id)).toBe(2)
  await expect(app.getByTestId('version-row')).toHaveCount(2)

  // View the first version: the editor shows it and does not edit.
  await app.locator(`[data-testid=version-row][data-version-id="${first.id}"] .version-open`).click()
  await expect(app.getByTestId('viewing-banner')).toContainText(`#${first.id}`)
  const viewed = await app.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
  expect(diffCount(Uint8Array.from(viewed), first.labels)).toBe(0)
  await drag(app, [[5, 55], [40, 55]])
  await app.waitForTimeout(600)
  expect(versionCount(db(), id)).toBe(2)

  await app.getByTestId('viewing-restore').click()
  await expect(app.getByTestId('viewing-banner')).toBeHidden()
  await saved(app)
  await expect(app.getByTestId('version-row')).toHaveCount(3)
  const restored = currentMask(db(), id)!
  expect(versionCount(db(), id)).toBe(3)
  expect(diffCount(restored.labels, first.labels)).toBe(0)
  expect(restored.author).toBe('Dr Test')
  // The restore is one undo step: Ctrl+Z brings the second version's content back (a 4th version).
  await app.keyboard.press('Control+z')
  await saved(app)
  expect(versionCount(db(), id)).toBe(4)
  expect(diffCount(currentMask(db(), id)!.labels, versionLabels(db(), restored.parentId!))).toBe(0)
})

test('volume: slices with the keys and the slider; fill between slices is one undoable step', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('nifti', join(workDir, 'src'), 5, 48)
  prepare(projectDir, f.root)
  const slices = db().prepare('SELECT id FROM images WHERE volume_id IS NOT NULL ORDER BY slice_index').pluck().all() as number[]
  expect(slices).toHaveLength(5)
  await openEditor(app, projectDir, slices[0])
  await expect(app.getByTestId('slice-index')).toHaveText('1 / 5')
  await app.keyboard.press('ArrowUp')
  await shown(app, slices[1])
  await expect(app.getByTestId('slice-index')).toHaveText('2 / 5')
  await app.keyboard.press('PageUp')
  await shown(app, slices[2])
  await app.keyboard.press('ArrowDown')
  await shown(app, slices[1])
  await app.keyboard.press('PageDown')
  await shown(app, slices[0])
  await app.getByTestId('slice-slider').fill('4')
  await shown(app, slices[4])
  await expect(app.getByTestId('slice-index')).toHaveText('5 / 5')

  // Key slices 1 and 5 get a disc; fill between makes slices 2–4 from them.
  await setBrush(app, 15)
  await drag(app, [[24, 24], [25, 24]])
  await saved(app)
  await app.getByTestId('slice-slider').fill('0')
  await shown(app, slices[0])
  await drag(app, [[24, 24], [25, 24]])
  await saved(app)
  await app.getByTestId('fill-from').fill('1')
  await app.getByTestId('fill-to').fill('5')
  await app.getByTestId('fill-between').click()
  await saved(app)
  for (const s of slices.slice(1, 4)) {
    const m = currentMask(db(), s)
    expect(m, `slice ${s}`).not.toBeNull()
    expect(m!.labels.reduce((a, v) => a + v, 0)).toBeGreaterThan(100)
    expect(m!.author).toBe('Dr Test')
  }
  // One Ctrl+Z undoes the whole fill, on slices not shown: each is saved empty again.
  await app.keyboard.press('Control+z')
  await saved(app)
  for (const s of slices.slice(1, 4)) expect(currentMask(db(), s)!.labels.every((v) => v === 0)).toBe(true)
  expect(currentMask(db(), slices[0])!.labels.some((v) => v > 0)).toBe(true)
})

test('approved masks are read-only until reopened', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 1, 64)
  prepare(projectDir, f.root)
  const [id] = imageIds(db())
  await openEditor(app, projectDir, id)
  await drag(app, [[10, 10], [30, 10]])
  await saved(app)
  await app.getByTestId('review-submit').click()
  await expect(app.getByTestId('review-status')).toHaveText('in review')
  await app.getByTestId('review-approve').click()
  await expect(app.getByTestId('review-status')).toHaveText('approved')
  expect(db().prepare('SELECT review_status FROM images WHERE id = ?').pluck().get(id)).toBe('approved')
  await drag(app, [[10, 40], [50, 40]])
  await app.waitForTimeout(700)
  expect(versionCount(db(), id)).toBe(1)
  await expect(app.getByTestId('save-status')).toHaveText('saved')
  await app.getByTestId('review-reopen').click()
  await expect(app.getByTestId('review-status')).toHaveText('in review')
  await drag(app, [[10, 40], [50, 40]])
  await saved(app)
  expect(versionCount(db(), id)).toBe(2)
  const events = db().prepare('SELECT status, author FROM review_events WHERE image_id = ? ORDER BY id').all(id)
  expect(events).toEqual([
    { status: 'in_review', author: 'Dr Test' }, { status: 'approved', author: 'Dr Test' }, { status: 'in_review', author: 'Dr Test' },
  ])
})

test('two windows on one image: the second is told of the newer version and overwrites nothing', async ({ app, serve, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 1, 64)
  prepare(projectDir, f.root)
  const [id] = imageIds(db())
  const projectId = await openEditor(app, projectDir, id)
  const second = await app.context().newPage()
  await second.goto(`${serve.url}#/p/${projectId}/annotate/${id}`)
  await shown(second, id)

  // Window 1 saves first.
  await drag(app, [[10, 10], [40, 10]])
  await saved(app)
  const theirs = currentMask(db(), id)!
  // Window 2 started from "no mask": its save is refused and it says so.
  await drag(second, [[10, 50], [40, 50]])
  await expect(second.getByTestId('conflict-banner')).toBeVisible()
  await expect(second.getByTestId('conflict-banner')).toContainText('Dr Test')
  await expect(second.getByTestId('save-status')).toHaveAttribute('data-state', 'conflict')
  await second.waitForTimeout(1500) // no blind retry
  expect(versionCount(db(), id)).toBe(1)
  expect(currentMask(db(), id)!.id).toBe(theirs.id)

  // "Load theirs" shows window 1's mask; painting on it then saves on top of their version.
  await second.getByTestId('conflict-load-theirs').click()
  await expect(second.getByTestId('conflict-banner')).toBeHidden()
  const shownNow = await second.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
  expect(diffCount(Uint8Array.from(shownNow), theirs.labels)).toBe(0)
  await drag(second, [[10, 30], [40, 30]])
  await saved(second)
  const merged = currentMask(db(), id)!
  expect(merged.parentId).toBe(theirs.id)
  expect(merged.labels.reduce((s, v) => s + v, 0)).toBeGreaterThan(theirs.labels.reduce((s, v) => s + v, 0))

  // Window 1 is now behind: its next stroke conflicts; "keep mine" saves on top, nothing lost.
  await drag(app, [[10, 55], [40, 55]])
  await expect(app.getByTestId('conflict-banner')).toBeVisible()
  await app.getByTestId('conflict-keep-mine').click()
  await saved(app)
  const mine = currentMask(db(), id)!
  expect(mine.parentId).toBe(merged.id)
  expect(versionCount(db(), id)).toBe(3)

  // Window 2 has nothing unsaved: when it gets the focus back it shows the newer version at once.
  // (Headless Chromium does not deliver window focus on bringToFront, so the test sends the event.)
  await second.bringToFront()
  await second.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(second.getByTestId('newer-version-notice')).toContainText(`#${mine.id}`)
  const secondNow = await second.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
  expect(diffCount(Uint8Array.from(secondNow), mine.labels)).toBe(0)
  expect(versionCount(db(), id)).toBe(3)
  await second.close()
})

test('a save that fails (DB locked) keeps the stroke through a reload, says so, and retries until it is saved', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 1, 64)
  prepare(projectDir, f.root)
  const [id] = imageIds(db())
  await openEditor(app, projectDir, id)
  await setBrush(app, 3)
  await drag(app, [[10, 10], [30, 10]])
  await saved(app)
  const v1 = currentMask(db(), id)!

  // Another process holds the write lock: main's save waits out its busy timeout and fails.
  const locker = new Database(join(projectDir, 'radlab.sqlite'))
  locker.exec('BEGIN IMMEDIATE')
  try {
    await drag(app, [[10, 40], [50, 40]])
    await expect(app.getByTestId('save-status')).toHaveAttribute('data-state', 'retrying', { timeout: 30_000 })
    await expect(app.getByTestId('save-status')).toContainText(/not saved: .*locked.*retrying/)
    const inMemory = await app.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
    expect(inMemory[40 * 64 + 30]).toBe(1)
    // Reloading while the save still fails keeps the stroke: it comes back from the window's storage.
    await app.reload()
    await expect(app.getByTestId('recovered-notice')).toBeVisible({ timeout: 40_000 })
    await shown(app, id)
    const again = await app.evaluate(() => Array.from(window.__radlabEditor!.getLabels()!))
    expect(again[40 * 64 + 30]).toBe(1)
  } finally {
    locker.exec('ROLLBACK')
    locker.close()
  }
  await saved(app)
  const v2 = currentMask(db(), id)!
  expect(v2.parentId).toBe(v1.id)
  const expected = v1.labels.slice()
  strokeSet(64, 64, 3, 40, 10, 50).forEach((v, i) => { if (v) expected[i] = 1 })
  expect(diffCount(v2.labels, expected)).toBe(0)
})

test('a stored mask of the wrong size is an error on that image and is never saved over', async ({ app, workDir, projectDir, db }) => {
  const f = makeLayoutFolder('plain', join(workDir, 'src'), 2, 64)
  prepare(projectDir, f.root)
  const [bad, good] = imageIds(db())
  // An older version of RadLab (or a hand-edited DB) left a 32×32 mask on a 64×64 image.
  const w = new Database(join(projectDir, 'radlab.sqlite'))
  const small = new Uint8Array(32 * 32).fill(1)
  const vid = w.prepare(`INSERT INTO mask_versions(image_id, parent_id, author, created_at, source, run_id, codec, width, height, area, data)
    VALUES (?, NULL, 'legacy', ?, 'import', NULL, 'rle', 32, 32, ?, ?)`).run(bad, new Date().toISOString(), 32 * 32, Buffer.from(encodeMaskRle(small, 32, 32))).lastInsertRowid
  w.prepare('UPDATE images SET current_mask_id = ? WHERE id = ?').run(vid, bad)
  w.close()

  await openEditor(app, projectDir, bad)
  await expect(app.getByTestId('mask-load-error')).toContainText('32×32')
  await expect(app.getByTestId('mask-load-error')).toContainText('64×64')
  await drag(app, [[10, 10], [40, 10]])
  await app.waitForTimeout(700)
  expect(versionCount(db(), bad)).toBe(1)
  expect(currentMask(db(), bad)!.id).toBe(Number(vid))
  // The next image is fine and editable.
  await app.keyboard.press('n')
  await shown(app, good)
  await expect(app.getByTestId('mask-load-error')).toBeHidden()
  await drag(app, [[10, 10], [40, 10]])
  await saved(app)
  expect(versionCount(db(), good)).toBe(1)
})
