// RadLab makes no network connection of its own. Runs the real CLI (import, info, train in the
// trainer process, predict) with every outbound connection recorded and refused, and checks
// that nothing was attempted. The guard is proven to work first.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLayoutFolder } from '../fixtures'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const GUARD = join(REPO, 'test', 'support', 'no-network.mjs')
let dir: string
let netLog: string

function guarded(args: string[]) {
  return spawnSync(process.execPath, args, {
    cwd: REPO, encoding: 'utf8', timeout: 300_000,
    env: { ...process.env, RADLAB_HOME: join(dir, 'home'), RADLAB_NET_LOG: netLog, NODE_OPTIONS: `--import ${GUARD}` },
  })
}
const radlab = (...args: string[]) => guarded([join(REPO, 'bin', 'radlab.mjs'), ...args])
const attempts = () => (existsSync(netLog) ? readFileSync(netLog, 'utf8').trim().split('\n').filter(Boolean) : [])

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'radlab-nonet-'))
  netLog = join(dir, 'net.log')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('no network connections', () => {
  it('the guard records and refuses an outbound connection', () => {
    const r = guarded(['-e', "fetch('http://example.org/').then(()=>process.exit(0),()=>process.exit(3))"])
    expect(r.status).toBe(3)
    expect(attempts().join('\n')).toMatch(/example\.org/)
    rmSync(netLog)
  })

  it('import, info, train (trainer process) and predict attempt none', () => {
    const p = join(dir, 'project')
    expect(radlab('init', p).status).toBe(0)
    const f = makeLayoutFolder('images-masks', join(dir, 'src'), 6, 32)
    const imp = radlab('import', p, f.root, '--json')
    expect(imp.status, imp.stderr).toBe(0)
    expect(radlab('info', p, '--json').status).toBe(0)
    const train = radlab('train', p, '--task', 'segmentation', '--epochs', '1', '--input-size', '32', '--batch-size', '4', '--json')
    expect(train.status, train.stderr).toBe(0)
    const done = JSON.parse(train.stdout.trim().split('\n').pop()!)
    expect(done.event).toBe('done')
    const pred = radlab('predict', p, '--run', done.runId, '--json')
    expect(pred.status, pred.stderr).toBe(0)
    expect(attempts()).toEqual([])
  })
})
