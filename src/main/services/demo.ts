// `radlab demo`: a phantom project a new user can try with no data of their own — MRI-like
// slices with tumour-like lesions and their masks, and chest-X-ray-like images of two classes —
// then a small U-Net and a small CNN trained on whatever backend loads.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DB_FILE } from '../db/connection'
import { createProject } from './project'
import { runImport } from './import'
import { mriPhantomSlice, xrayPhantom } from '../../imaging/phantoms'
import { encodeLabelPng } from '../../imaging/mask-png'
import { encodeGreyPng } from '../../imaging/thumbnail'
import { PNG } from 'pngjs'
import { trainInProject } from './train-to-end'

export interface DemoOptions {
  seconds: number
  backend?: string
  log: (line: string) => void
  /** Fewer images and epochs, for tests. */
  small?: boolean
}

export interface DemoResult {
  dir: string
  segmentation: { runId: string; valDice: number | null; backend: string | null; status: string }
  classification: { runId: string; valAccuracy: number | null; valAuc: number | null; backend: string | null; status: string }
}

export async function runDemo(dirIn: string, opts: DemoOptions): Promise<DemoResult> {
  const dir = resolve(dirIn)
  if (existsSync(join(dir, DB_FILE))) throw new Error(`${dir} already holds a project; choose a new folder for the demo`)
  const src = mkdtempSync(join(tmpdir(), 'radlab-demo-src-'))
  try {
    const nMri = opts.small ? 40 : 240
    const nXray = opts.small ? 40 : 300
    opts.log(`building phantoms: ${nMri} MRI slices with lesion masks, ${nXray} chest X-rays (NORMAL / PNEUMONIA)…`)
    const mri = join(src, 'mri')
    mkdirSync(join(mri, 'images'), { recursive: true })
    mkdirSync(join(mri, 'masks'), { recursive: true })
    for (let i = 0; i < nMri; i++) {
      const s = mriPhantomSlice(1000 + i, 96)
      const name = `slice_${String(i).padStart(4, '0')}.png`
      writeFileSync(join(mri, 'images', name), encodeGrey16Png(s.pixels, s.width, s.height))
      writeFileSync(join(mri, 'masks', name), encodeLabelPng(s.mask, s.width, s.height))
    }
    const xray = join(src, 'xray')
    for (let i = 0; i < nXray; i++) {
      const split = i % 10 < 7 ? 'train' : i % 10 < 9 ? 'val' : 'test'
      const cls = i % 2 === 0 ? 'NORMAL' : 'PNEUMONIA'
      const folder = join(xray, split, cls)
      mkdirSync(folder, { recursive: true })
      const x = xrayPhantom(5000 + i, 96, cls)
      writeFileSync(join(folder, `xray_${String(i).padStart(4, '0')}.png`), encodeGreyPng(toGrey8(x.pixels), x.width, x.height))
    }
    const project = createProject(dir, 'RadLab demo')
    try {
      const a = await runImport(project, { paths: [mri], layout: 'pairs' })
      opts.log(`imported ${a.imagesAdded} MRI slices (${a.masksPaired} masks)`)
      const b = await runImport(project, { paths: [xray], layout: 'classes' })
      opts.log(`imported ${b.imagesAdded} X-rays (${Object.entries(b.byClass).map(([k, v]) => `${k} ${v}`).join(', ')})`)
    } finally {
      project.close()
    }
  } finally {
    rmSync(src, { recursive: true, force: true })
  }

  const budget = Math.max(10, opts.seconds)
  const backend = opts.backend ? { backend: opts.backend } : {}
  opts.log('training a small U-Net on the MRI phantoms…')
  const seg = await trainInProject(dir, { task: 'segmentation', model: 'unet-small', inputSize: 64, batchSize: 8, epochs: opts.small ? 2 : Math.max(3, Math.round(budget / 8)), lr: 2e-3, ...backend }, false, opts.log)
  opts.log('training a small CNN on the X-ray phantoms…')
  const cls = await trainInProject(dir, { task: 'classification', model: 'cnn', inputSize: 64, batchSize: 16, epochs: opts.small ? 2 : Math.max(3, Math.round(budget / 6)), lr: 1e-3, schedule: 'none', ...backend }, false, opts.log)
  const result: DemoResult = {
    dir,
    segmentation: { runId: seg.id, valDice: seg.best?.valDice ?? null, backend: seg.backend, status: seg.status },
    classification: { runId: cls.id, valAccuracy: cls.best?.valAccuracy ?? cls.best?.accuracy ?? null, valAuc: cls.best?.auc ?? null, backend: cls.backend, status: cls.status },
  }
  opts.log('')
  opts.log(`U-Net  validation Dice:     ${result.segmentation.valDice?.toFixed(3) ?? 'n/a'} (${seg.status}, ${seg.backend})`)
  opts.log(`CNN    validation accuracy: ${result.classification.valAccuracy?.toFixed(3) ?? 'n/a'}, AUC ${result.classification.valAuc?.toFixed(3) ?? 'n/a'} (${cls.status}, ${cls.backend})`)
  opts.log('')
  opts.log(`Open it in the app: npm start, then "Open project" → ${dir}`)
  opts.log(`or in a browser:    npx radlab serve ${dir}`)
  return result
}

/** Phantom intensities are in 0..255 already; clamp and round for an 8-bit PNG. */
function toGrey8(px: Float32Array): Uint8Array {
  const out = new Uint8Array(px.length)
  for (let i = 0; i < px.length; i++) out[i] = px[i] < 0 ? 0 : px[i] > 255 ? 255 : Math.round(px[i])
  return out
}

/** MRI-like phantoms span ~0–1200, so they are written as 16-bit grey PNGs like real exports. */
function encodeGrey16Png(px: Float32Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false })
  // pngjs takes 16-bit input as native-endian samples and writes PNG's big-endian itself.
  const samples = new Uint16Array(width * height)
  for (let i = 0; i < px.length; i++) samples[i] = Math.max(0, Math.min(65535, Math.round(px[i])))
  png.data = Buffer.from(samples.buffer)
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false })
}
