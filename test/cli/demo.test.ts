import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('../../', import.meta.url))

it('radlab demo --quick builds a phantom project and trains a U-Net and a CNN to the end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'radlab-demo-'))
  try {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'radlab.mjs'), 'demo', join(dir, 'demo'), '--quick', '--json'], {
      cwd: REPO, encoding: 'utf8', timeout: 600_000, env: { ...process.env, RADLAB_HOME: join(dir, 'home') },
    })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!)
    expect(out.segmentation.status).toBe('done')
    expect(out.classification.status).toBe('done')
    expect(out.segmentation.valDice).toBeGreaterThanOrEqual(0)
    expect(r.stderr).toMatch(/npx radlab serve/)
    const db = new Database(join(dir, 'demo', 'radlab.sqlite'), { readonly: true })
    expect(db.prepare('SELECT count(*) FROM images WHERE current_mask_id IS NOT NULL').pluck().get()).toBe(40)
    // MRI-like slices keep their 16-bit intensities (phantom tissue spans roughly 0–1200).
    const mri = db.prepare("SELECT dtype, max FROM images WHERE current_mask_id IS NOT NULL").all() as { dtype: string; max: number }[]
    expect(mri.every((r) => r.dtype === 'uint16' && r.max > 255 && r.max < 2000)).toBe(true)
    expect(db.prepare("SELECT count(*) FROM runs WHERE status = 'done'").pluck().get()).toBe(2)
    expect(db.prepare('SELECT count(*) FROM checkpoints').pluck().get()).toBeGreaterThanOrEqual(2)
    db.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 600_000)
