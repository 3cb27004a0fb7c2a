// X-ray label triage as a radiologist does it: keys label and move, F flags, U jumps,
// Ctrl+Z undoes; every change is read back from the project DB with its author and source.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { makeLayoutFolder } from '../fixtures'
import { test, expect, radlab } from './harness'

interface LabelRow { image_id: number; class_id: number | null; flagged: number; author: string; source: string }

async function openTriage(app: Page, projectDir: string) {
  await app.getByTestId('open-dir').fill(projectDir)
  await app.getByTestId('open-project').click()
  await app.getByTestId('nav-triage').click()
  await expect(app.getByTestId('triage-page')).toBeVisible()
}

/** Waits until every label write has reached main (the page counts writes in flight). */
async function settled(app: Page) {
  await expect(app.getByTestId('triage-page')).toHaveAttribute('data-pending', '0')
}

async function shownImage(app: Page): Promise<number> {
  await expect(app.getByTestId('triage-viewer')).toHaveAttribute('data-image-shown', 'true')
  return Number(await app.getByTestId('triage-page').getAttribute('data-image-id'))
}

test('label with keys, flag, undo and jump to the next unlabelled; the DB keeps every change', async ({ app, workDir, projectDir, db }) => {
  const plain = makeLayoutFolder('plain', join(workDir, 'src'), 6, 96)
  expect(radlab(['init', projectDir, '--name', 'triage']).code).toBe(0)
  const imp = radlab(['import', projectDir, plain.root])
  expect(imp.code, imp.stderr).toBe(0)
  await openTriage(app, projectDir)

  // No image classes yet: the page offers to add them.
  await expect(app.getByTestId('class-setup')).toContainText('no image classes')
  await app.getByTestId('add-default-classes').click()
  await expect(app.getByTestId('assign-PNEUMONIA')).toBeVisible()
  const classId = (name: string) => db().prepare("SELECT id FROM label_classes WHERE name = ? AND kind = 'image'").pluck().get(name) as number
  const NORMAL = classId('NORMAL')
  const PNEUMONIA = classId('PNEUMONIA')
  await app.getByTestId('new-class-name').fill('OTHER')
  await app.getByTestId('add-class').click()
  await expect(app.getByTestId('assign-OTHER')).toBeVisible()

  const ids = db().prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
  expect(ids).toHaveLength(6)
  await expect(app.getByTestId('triage-position')).toHaveText('1 / 6')
  expect(await shownImage(app)).toBe(ids[0])

  // 1 → NORMAL and next; P (first letter) → PNEUMONIA and next.
  await app.keyboard.press('1')
  await expect(app.getByTestId('triage-position')).toHaveText('2 / 6')
  await app.keyboard.press('p')
  await expect(app.getByTestId('triage-position')).toHaveText('3 / 6')
  expect(await shownImage(app)).toBe(ids[2])
  // F flags the third image as unsure without moving.
  await app.keyboard.press('f')
  await expect(app.getByTestId('flagged-badge')).toBeVisible()
  await settled(app)

  const current = (id: number) => db().prepare('SELECT label_class_id AS c, label_flagged AS f FROM images WHERE id = ?').get(id) as { c: number | null; f: number }
  expect(current(ids[0])).toEqual({ c: NORMAL, f: 0 })
  expect(current(ids[1])).toEqual({ c: PNEUMONIA, f: 0 })
  expect(current(ids[2])).toEqual({ c: null, f: 1 })
  const rows = db().prepare('SELECT image_id, class_id, flagged, author, source FROM image_labels ORDER BY id').all() as LabelRow[]
  expect(rows).toEqual([
    { image_id: ids[0], class_id: NORMAL, flagged: 0, author: 'Dr Test', source: 'human' },
    { image_id: ids[1], class_id: PNEUMONIA, flagged: 0, author: 'Dr Test', source: 'human' },
    { image_id: ids[2], class_id: null, flagged: 1, author: 'Dr Test', source: 'human' },
  ])
  await expect(app.getByTestId('count-NORMAL')).toHaveText('1')
  await expect(app.getByTestId('count-PNEUMONIA')).toHaveText('1')

  // 2 on the flagged image, then Ctrl+Z: the label is undone (as a new row) and we are back on it.
  await app.keyboard.press('2')
  await expect(app.getByTestId('triage-position')).toHaveText('4 / 6')
  await app.keyboard.press('Control+z')
  await expect(app.getByTestId('triage-position')).toHaveText('3 / 6')
  await settled(app)
  expect(current(ids[2])).toEqual({ c: null, f: 1 })
  const last = db().prepare('SELECT image_id, class_id, flagged, author, source FROM image_labels ORDER BY id DESC LIMIT 2').all() as LabelRow[]
  expect(last[1]).toMatchObject({ image_id: ids[2], class_id: PNEUMONIA, flagged: 0 })
  expect(last[0]).toEqual({ image_id: ids[2], class_id: null, flagged: 1, author: 'Dr Test', source: 'human' })
  await expect(app.getByTestId('count-PNEUMONIA')).toHaveText('1')
  await expect(app.getByTestId('label-author')).toContainText('Dr Test')

  // Arrows and J/K move without labelling.
  await app.keyboard.press('ArrowRight')
  await app.keyboard.press('j')
  await expect(app.getByTestId('triage-position')).toHaveText('5 / 6')
  await app.keyboard.press('k')
  await expect(app.getByTestId('triage-position')).toHaveText('4 / 6')
  // Label 4, 5 and 6; U then wraps round to the only unlabelled image left (the flagged third).
  await app.keyboard.press('1')
  await app.keyboard.press('1')
  await app.keyboard.press('3')
  await settled(app)
  await app.keyboard.press('u')
  await expect(app.getByTestId('triage-position')).toHaveText('3 / 6')
  expect(await shownImage(app)).toBe(ids[2])
  await expect(app.getByTestId('count-unlabelled')).toContainText('1 unlabelled')
  expect(current(ids[5])).toEqual({ c: classId('OTHER'), f: 0 })

  // The flagged queue holds the one unsure image; the unlabelled queue after a reload holds it too.
  await app.getByTestId('queue-flagged').click()
  await expect(app.getByTestId('triage-position')).toHaveText('1 / 1')
  expect(await shownImage(app)).toBe(ids[2])
  // Labelling it keeps nothing flagged (a new class clears the unsure flag).
  await app.keyboard.press('n')
  await settled(app)
  expect(current(ids[2])).toEqual({ c: NORMAL, f: 0 })
  await app.getByTestId('queue-unlabelled').click()
  await expect(app.getByTestId('triage-position')).toHaveText('0 / 0')
  await expect(app.getByTestId('count-unlabelled')).toContainText('0 unlabelled')
  // A mouse click on a class button labels once; a following Space or Enter does not label again.
  await app.getByTestId('queue-all').click()
  await expect(app.getByTestId('triage-position')).toHaveText('1 / 6')
  const before = db().prepare('SELECT count(*) FROM image_labels').pluck().get() as number
  await app.getByTestId('assign-OTHER').click()
  await expect(app.getByTestId('triage-position')).toHaveText('2 / 6')
  await app.keyboard.press('Space')
  await app.keyboard.press('Enter')
  await settled(app)
  await expect(app.getByTestId('triage-position')).toHaveText('2 / 6')
  expect(db().prepare('SELECT count(*) FROM image_labels').pluck().get()).toBe(before + 1)
  expect(current(ids[0])).toEqual({ c: classId('OTHER'), f: 0 })
  const humanRows = db().prepare("SELECT count(*) FROM image_labels WHERE author = 'Dr Test' AND source = 'human'").pluck().get()
  expect(humanRows).toBe(db().prepare('SELECT count(*) FROM image_labels').pluck().get())
})

test('window/level by right-drag and presets, and the help overlay', async ({ app, workDir, projectDir, db }) => {
  const plain = makeLayoutFolder('plain', join(workDir, 'src'), 2, 128)
  expect(radlab(['init', projectDir]).code).toBe(0)
  expect(radlab(['import', projectDir, plain.root]).code).toBe(0)
  await openTriage(app, projectDir)
  const viewer = app.getByTestId('triage-viewer')
  await expect(viewer).toHaveAttribute('data-image-shown', 'true')
  const before = Number(await viewer.getAttribute('data-window-width'))
  const box = (await viewer.boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  await app.mouse.move(cx, cy)
  await app.mouse.down({ button: 'right' })
  await app.mouse.move(cx + 150, cy - 50, { steps: 10 })
  await app.mouse.up({ button: 'right' })
  const after = Number(await viewer.getAttribute('data-window-width'))
  expect(after).toBeGreaterThan(before)

  await app.getByTestId('wl-preset').selectOption('full')
  const full = Number(await viewer.getAttribute('data-window-width'))
  expect(full).not.toBe(after)

  // The rendered pixels are the stored values through the window formula, at the image's own size.
  const imageId = Number(await app.getByTestId('triage-page').getAttribute('data-image-id'))
  const img = db().prepare('SELECT i.width AS w, i.height AS h, i.min, i.max, p.dtype, p.data FROM images i JOIN image_pixels p ON p.image_id = i.id WHERE i.id = ?')
    .get(imageId) as { w: number; h: number; min: number; max: number; dtype: string; data: Buffer }
  expect(img.dtype).toBe('uint8')
  const win = { center: (img.min + img.max) / 2, width: Math.max(img.max - img.min, 1) }
  const grey = (v: number) => { const t = (v - (win.center - win.width / 2)) / win.width; return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255) }
  const rendered = await viewer.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)))
  expect(rendered).toHaveLength(img.w * img.h)
  let mismatches = 0
  for (let i = 0; i < rendered.length; i++) if (rendered[i] !== grey(img.data[i])) mismatches++
  expect(mismatches).toBe(0)

  await app.keyboard.press('?')
  await expect(app.getByTestId('help-overlay')).toContainText('next unlabelled image')
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('help-overlay')).toHaveCount(0)
})

test('the model-disagrees queue lists the images the newest run predicts otherwise, with its probabilities', async ({ app, workDir, projectDir, db }) => {
  const folder = makeLayoutFolder('classes', join(workDir, 'src'), 2, 32)
  expect(radlab(['init', projectDir]).code).toBe(0)
  expect(radlab(['import', projectDir, folder.root]).code).toBe(0)
  const train = radlab(['train', projectDir, '--task', 'classification', '--epochs', '1', '--input-size', '32', '--seed', '1', '--json'])
  expect(train.code, train.stderr).toBe(0)
  const runId = (JSON.parse(train.stdout.trim().split('\n').pop()!) as { runId: string }).runId
  const predict = radlab(['predict', projectDir, '--run', runId])
  expect(predict.code, predict.stderr).toBe(0)

  // What the queue should hold, computed from the DB: argmax of the class probabilities ≠ the label.
  const classIds = db().prepare("SELECT id FROM label_classes WHERE kind = 'image' ORDER BY position, id").pluck().all() as number[]
  const names = db().prepare("SELECT name FROM label_classes WHERE kind = 'image' ORDER BY position, id").pluck().all() as string[]
  const rows = db().prepare('SELECT p.image_id AS id, p.probs_json AS probs, i.label_class_id AS label FROM predictions p JOIN images i ON i.id = p.image_id WHERE p.run_id = ?')
    .all(runId) as { id: number; probs: string; label: number }[]
  const argmax = (p: number[]) => p.indexOf(Math.max(...p))
  const disagreeing = rows.filter((r) => classIds[argmax(JSON.parse(r.probs))] !== r.label).map((r) => r.id)

  await openTriage(app, projectDir)
  await expect(app.getByTestId('triage-run')).toHaveValue(runId)
  await app.getByTestId('queue-all').click()
  await expect(app.getByTestId('triage-position')).toHaveText(`1 / ${rows.length}`)
  const firstId = await shownImage(app)
  const firstProbs = JSON.parse(rows.find((r) => r.id === firstId)!.probs) as number[]
  await expect(app.getByTestId(`model-prob-${names[0]}`)).toContainText(firstProbs[0].toFixed(3))
  await expect(app.getByTestId(`model-prob-${names[1]}`)).toContainText(firstProbs[1].toFixed(3))
  await expect(app.getByTestId(`model-prob-${names[argmax(firstProbs)]}`)).toHaveClass(/best/)

  await app.getByTestId('queue-disagree').click()
  await expect(app.getByTestId('triage-position')).toHaveText(disagreeing.length ? `1 / ${disagreeing.length}` : '0 / 0')
  for (let i = 0; i < disagreeing.length; i++) {
    expect(disagreeing).toContain(await shownImage(app))
    await app.keyboard.press('j')
  }
})
