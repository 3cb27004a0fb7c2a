// Dataset layout detection: turn the files and folders a user picked into a plan of import items,
// with no configuration. Recognised (see detectLayout):
//   classes  <root>/{train,val,test}/<CLASS>/*  or  <root>/<CLASS>/*       (Kaggle chest X-ray)
//   pairs    X.tif beside X_mask.tif (kaggle_3m: patient = parent folder)  or  images/* + masks/*
//   nifti    volumes, with a label volume from --masks (file, or folder of same-named volumes)
//   dicom    series grouped by SeriesInstanceUID, slices in position order
//   idx      <prefix>-images-idx3-ubyte[.gz] + <prefix>-labels-idx1-ubyte[.gz] (train / t10k)
//   plain    any other folder of images
// Hidden files and macOS resource folders are ignored.
import { readdirSync, statSync } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { groupDicomSeries } from './dicom-series'
import { findIdxPairs, isIdxName } from './decode-idx'
import { extensionOf, readHeadSync } from './io'
import { sniffFormat } from './sniff'

export type LayoutKind = 'auto' | 'classes' | 'pairs' | 'plain' | 'dicom' | 'nifti' | 'idx'
export type Split = 'train' | 'val' | 'test'

export type ImportItem =
  | { kind: 'image'; path: string; split?: Split; className?: string; patientHint?: string; maskPath?: string }
  | { kind: 'idx'; imagesPath: string; labelsPath: string | null; split: string }
  | { kind: 'nifti'; path: string; maskPath?: string; split?: Split }
  | { kind: 'dicom-series'; files: string[]; seriesUid: string; patientHint?: string; split?: Split }

export interface LayoutPlan {
  /** The layout found (or forced): 'classes' | 'pairs' | 'plain' | 'dicom' | 'nifti' | 'idx' | 'mixed'. */
  layout: string
  items: ImportItem[]
  /** Mask files with no image to go with. */
  orphanMasks: string[]
  /** Files left out, with the reason (not an image, unpaired IDX labels, unreadable DICOM header…). */
  skipped: { path: string; reason: string }[]
  warnings: string[]
}

export interface LayoutOptions {
  layout?: LayoutKind
  /** A mask file or folder of masks (NIfTI label volume, or mask images named like their images). */
  masks?: string
}

const RASTER_EXT = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff'])
const NIFTI_EXT = new Set(['.nii', '.nii.gz'])
const DICOM_EXT = new Set(['.dcm', '.dicom', '.ima', ''])
const SPLITS: Record<string, Split> = { train: 'train', training: 'train', val: 'val', valid: 'val', validation: 'val', test: 'test', testing: 'test' }
const MASK_SUFFIX = /[_-](mask|seg|segmentation|label|labels)$/i
const MASK_DIRS = new Set(['masks', 'mask', 'labels', 'labelstr', 'labelsts', 'segmentations', 'annotations'])
const IMAGE_DIRS = new Set(['images', 'image', 'imgs', 'img', 'imagestr', 'imagests'])
const IGNORED_DIRS = new Set(['__macosx', 'node_modules'])

interface Found {
  path: string
  /** Folder names from the picked root (its own name first) down to the file's folder. */
  segments: string[]
  root: string
  explicit: boolean
  kind: 'raster' | 'nifti' | 'dicom' | 'idx' | 'other'
}

export function detectLayout(paths: string[], opts: LayoutOptions = {}): LayoutPlan {
  const forced = opts.layout && opts.layout !== 'auto' ? opts.layout : null
  const plan: LayoutPlan = { layout: forced ?? 'plain', items: [], orphanMasks: [], skipped: [], warnings: [] }
  const found: Found[] = []
  for (const p of paths) collect(p, found, plan)
  const maskFiles: Found[] = []
  if (opts.masks) collect(opts.masks, maskFiles, plan)
  const maskSet = new Set(maskFiles.map((f) => f.path))
  const files = found.filter((f) => !maskSet.has(f.path))

  const allow = (k: Found['kind']) =>
    !forced || (forced === 'idx' ? k === 'idx' : forced === 'nifti' ? k === 'nifti' : forced === 'dicom' ? k === 'dicom' : k === 'raster')
  for (const f of files) {
    if (f.kind === 'other' && !f.explicit) plan.skipped.push({ path: f.path, reason: 'not an image file' })
    else if (f.kind !== 'other' && !allow(f.kind)) plan.skipped.push({ path: f.path, reason: `not part of the ${forced} layout` })
  }
  const pick = (k: Found['kind']) => files.filter((f) => f.kind === k && allow(k))

  const kinds: string[] = []
  if (planIdx(pick('idx'), plan)) kinds.push('idx')
  if (planDicom(pick('dicom'), plan)) kinds.push('dicom')
  if (planNifti(pick('nifti'), maskFiles.filter((f) => f.kind === 'nifti'), opts.masks, plan)) kinds.push('nifti')
  const explicitOther = files.filter((f) => f.kind === 'other' && f.explicit && (!forced || ['classes', 'pairs', 'plain'].includes(forced)))
  const rasterKind = planRaster([...pick('raster'), ...explicitOther], maskFiles.filter((f) => f.kind === 'raster'), forced, plan)
  if (rasterKind) kinds.push(rasterKind)
  if (!forced) plan.layout = kinds.length === 0 ? 'plain' : kinds.length === 1 ? kinds[0] : 'mixed'
  const notImages = plan.skipped.filter((s) => s.reason === 'not an image file')
  if (notImages.length > 0) {
    plan.warnings.push(`${notImages.length} file(s) skipped as not images: ${notImages.slice(0, 3).map((s) => basename(s.path)).join(', ')}${notImages.length > 3 ? ', …' : ''}`)
  }
  return plan
}

// ---------------------------------------------------------------- collection

function collect(p: string, out: Found[], plan: LayoutPlan) {
  let st
  try {
    st = statSync(p)
  } catch {
    plan.skipped.push({ path: p, reason: 'path does not exist' })
    plan.warnings.push(`${p}: path does not exist`)
    return
  }
  if (st.isFile()) {
    out.push({ path: p, segments: [basename(dirname(p))], root: dirname(p), explicit: true, kind: classify(p) })
    return
  }
  const walk = (dir: string, segments: string[]) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      plan.skipped.push({ path: dir, reason: `folder cannot be read (${(e as Error).message})` })
      return
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    for (const e of entries) {
      if (e.name.startsWith('.') || IGNORED_DIRS.has(e.name.toLowerCase())) continue
      const full = join(dir, e.name)
      if (e.isDirectory()) walk(full, [...segments, e.name])
      else if (e.isFile()) out.push({ path: full, segments, root: p, explicit: false, kind: classify(full) })
    }
  }
  walk(p, [basename(p)])
}

function classify(path: string): Found['kind'] {
  const name = basename(path)
  if (isIdxName(name)) return 'idx'
  if (name.toUpperCase() === 'DICOMDIR') return 'other' // the index of a DICOM CD, not an image
  const ext = extensionOf(path)
  if (RASTER_EXT.has(ext)) return 'raster'
  if (NIFTI_EXT.has(ext)) return 'nifti'
  if (DICOM_EXT.has(ext) || /^\.\d+$/.test(ext)) {
    // DICOM files often have no extension (or a number): look for the DICM preamble.
    const head = readHeadSync(path, 132)
    const f = head && sniffFormat(head)
    if (f === 'dicom') return 'dicom'
    if (f === 'png' || f === 'jpeg' || f === 'tiff') return 'raster'
    if (f === 'nifti') return 'nifti'
    return ext === '.dcm' || ext === '.dicom' ? 'dicom' : 'other'
  }
  return 'other'
}


// ---------------------------------------------------------------- per kind

function planIdx(files: Found[], plan: LayoutPlan): boolean {
  if (files.length === 0) return false
  const { pairs, unpaired } = findIdxPairs(files.map((f) => f.path))
  for (const p of pairs) plan.items.push({ kind: 'idx', imagesPath: p.imagesPath, labelsPath: p.labelsPath, split: p.split })
  for (const u of unpaired) {
    if (/images/i.test(basename(u))) {
      plan.items.push({ kind: 'idx', imagesPath: u, labelsPath: null, split: /t10k|test/i.test(basename(u)) ? 'test' : 'train' })
      plan.warnings.push(`${basename(u)}: no matching labels file; images imported without labels`)
    } else plan.skipped.push({ path: u, reason: 'IDX labels file without its images file' })
  }
  return true
}

function planDicom(files: Found[], plan: LayoutPlan): boolean {
  if (files.length === 0) return false
  const { series, failures } = groupDicomSeries(files.map((f) => f.path))
  const splitOf = new Map(files.map((f) => [f.path, splitFrom(f.segments)]))
  for (const s of series) {
    const split = splitOf.get(s.files[0])
    plan.items.push({ kind: 'dicom-series', files: s.files, seriesUid: s.seriesUid, ...(s.patientId ? { patientHint: s.patientId } : {}), ...(split ? { split } : {}) })
  }
  // Unreadable headers still become items so the import reports them with their reason.
  for (const f of failures) plan.items.push({ kind: 'dicom-series', files: [f.file], seriesUid: `unreadable:${f.file}` })
  return true
}

function stemOf(path: string): string {
  const name = basename(path)
  const ext = extensionOf(name)
  return ext ? name.slice(0, -ext.length) : name
}

function planNifti(files: Found[], masks: Found[], masksOpt: string | undefined, plan: LayoutPlan): boolean {
  if (files.length === 0 && masks.length === 0) return false
  // Label volumes inside the picked folders: X_seg.nii.gz beside X.nii.gz, or labelsTr/ beside imagesTr/.
  const inlineMasks = files.filter((f) => isMaskFile(f))
  const images = files.filter((f) => !isMaskFile(f))
  const candidates = [...masks, ...inlineMasks]
  const used = new Set<string>()
  const byKey = keyIndex(masks, inlineMasks)
  const singleMaskFile = masksOpt && masks.length === 1 && masks[0].explicit ? masks[0] : undefined
  for (const img of images) {
    let mask = imageKeys(img).map((k) => byKey.get(k)).find((m) => m !== undefined)
    if (!mask && singleMaskFile && images.length === 1) mask = singleMaskFile
    if (mask) used.add(mask.path)
    const split = splitFrom(img.segments)
    plan.items.push({ kind: 'nifti', path: img.path, ...(mask ? { maskPath: mask.path } : {}), ...(split ? { split } : {}) })
  }
  for (const m of candidates) if (!used.has(m.path)) plan.orphanMasks.push(m.path)
  return images.length > 0
}

function planRaster(files: Found[], masks: Found[], forced: string | null, plan: LayoutPlan): string | null {
  if (files.length === 0 && masks.length === 0) return null
  const pairing = forced !== 'plain' && forced !== 'classes'
  const inlineMasks = pairing ? files.filter((f) => isMaskFile(f)) : []
  const inlineSet = new Set(inlineMasks.map((f) => f.path))
  const images = files.filter((f) => !inlineSet.has(f.path))
  const candidates = pairing ? [...masks, ...inlineMasks] : []
  const byKey = pairing ? keyIndex(masks, inlineMasks) : new Map<string, Found>()
  const used = new Set<string>()

  // Class folders: a folder holding ≥ 2 sub-folders of images, or a split folder's children.
  const classParents = new Map<string, Set<string>>()
  for (const f of images) {
    if (f.segments.length >= 2) {
      const parent = f.segments.slice(0, -1).join('\u0000')
      const set = classParents.get(parent) ?? new Set<string>()
      set.add(f.segments[f.segments.length - 1])
      classParents.set(parent, set)
    }
  }
  let paired = 0
  let classed = 0
  // `import scan.png --masks outline.png`: one image, one mask file, whatever their names.
  const onlyMask = pairing && images.length === 1 && masks.length === 1 && masks[0].explicit ? masks[0] : undefined
  for (const img of images) {
    const mask = pairing ? imageKeys(img).map((k) => byKey.get(k)).find((m) => m !== undefined) ?? onlyMask : undefined
    const split = splitFrom(img.segments)
    const item: Extract<ImportItem, { kind: 'image' }> = { kind: 'image', path: img.path }
    if (split) item.split = split
    if (mask) {
      used.add(mask.path)
      item.maskPath = mask.path
      paired++
      // kaggle_3m: X_mask.tif beside X.tif inside one folder per patient.
      if (dirname(mask.path) === dirname(img.path) && img.segments.length >= 2) item.patientHint = img.segments[img.segments.length - 1]
    } else if (forced !== 'plain' && forced !== 'pairs') {
      const cls = classFrom(img, split, classParents, forced === 'classes')
      if (cls) {
        item.className = cls
        classed++
      }
    }
    plan.items.push(item)
  }
  for (const m of candidates) if (!used.has(m.path)) plan.orphanMasks.push(m.path)
  if (forced) return forced
  if (paired > 0 || candidates.length > 0) return 'pairs'
  if (classed > 0) return 'classes'
  return images.length > 0 ? 'plain' : null
}

function splitFrom(segments: string[]): Split | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = SPLITS[segments[i].toLowerCase()]
    if (s) return s
  }
  return undefined
}

function classFrom(img: Found, split: Split | undefined, classParents: Map<string, Set<string>>, force: boolean): string | undefined {
  const segs = img.segments
  const parent = segs[segs.length - 1]
  if (!parent || SPLITS[parent.toLowerCase()] || IMAGE_DIRS.has(parent.toLowerCase())) return undefined
  if (force) return parent
  if (segs.length < 2) return undefined
  // <split>/<CLASS>/file
  if (split && SPLITS[segs[segs.length - 2].toLowerCase()]) return parent
  // <root>/<CLASS>/file with sibling class folders
  const siblings = classParents.get(segs.slice(0, -1).join('\u0000'))
  return siblings && siblings.size >= 2 ? parent : undefined
}

// ---------------------------------------------------------------- mask pairing keys

function keyIndex(fromOption: Found[], inline: Found[]): Map<string, Found> {
  const byKey = new Map<string, Found>()
  for (const m of fromOption) for (const k of maskKeys(m, true)) if (!byKey.has(k)) byKey.set(k, m)
  for (const m of inline) for (const k of maskKeys(m, false)) if (!byKey.has(k)) byKey.set(k, m)
  return byKey
}

function isMaskFile(f: Found): boolean {
  if (MASK_SUFFIX.test(stemOf(f.path))) return true
  return f.segments.some((s, i) => i > 0 && MASK_DIRS.has(s.toLowerCase()))
}

/** Keys a mask answers to: its folder + stem without the mask suffix, and (for masks/ trees) the image-side path. */
function maskKeys(m: Found, fromMasksOption: boolean): string[] {
  const stem = stemOf(m.path).replace(MASK_SUFFIX, '').toLowerCase()
  const keys = [join(dirname(m.path), stem).toLowerCase()]
  // Matching by bare name across folders only for a mask folder the user named with --masks.
  if (fromMasksOption) keys.push(`stem:${stem}`)
  const rel = relative(m.root, dirname(m.path)).split(sep).filter(Boolean)
  const at = rel.findIndex((s) => MASK_DIRS.has(s.toLowerCase()))
  if (at >= 0) {
    const base = join(m.root, ...rel.slice(0, at))
    keys.push(`tree:${join(base, ...rel.slice(at + 1), stem)}`.toLowerCase())
  } else {
    keys.push(`rel:${join(...rel, stem)}`.toLowerCase())
  }
  return keys
}

function imageKeys(img: Found): string[] {
  const stem = stemOf(img.path).toLowerCase()
  const keys = [join(dirname(img.path), stem).toLowerCase()]
  const rel = relative(img.root, dirname(img.path)).split(sep).filter(Boolean)
  const at = rel.findIndex((s) => IMAGE_DIRS.has(s.toLowerCase()))
  if (at >= 0) keys.push(`tree:${join(img.root, ...rel.slice(0, at), ...rel.slice(at + 1), stem)}`.toLowerCase())
  keys.push(`rel:${join(...rel, stem)}`.toLowerCase(), `stem:${stem}`)
  return keys
}
