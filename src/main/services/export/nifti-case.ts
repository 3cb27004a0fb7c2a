// A case as NIfTI: the voxel grid it is written on and the bytes of its image and label volumes.
// Volumes from NIfTI files are written back on the SOURCE grid (stored voxel order and the
// source's affine): the import showed them reoriented to the display convention
// (nifti-orientation.ts), so the display-order slices are put back with displayToStoredOrder and
// the result lines up voxel for voxel with the original file. DICOM series get the affine their
// headers describe (LPS → RAS); 2D images become one-slice volumes whose affine (−x, −y) makes
// every NIfTI reader show them the way they were imported.
import { existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { displayOrientation, displaySize, displayToStoredOrder, encodeNifti, encodeNiftiLabels, readDicomHeaderFile, type NiftiOrientation } from '../../../imaging'
import { RadlabError } from '../../../shared/errors'
import type { Project } from '../project'
import { storedPath } from '../file-store'
import { packPixels, unpackPixels } from '../pixel-store'
import { imageValues, type ExportCase } from './cases'

export interface CaseGeometry {
  dims: [number, number, number]
  affine: number[][]
  /** How display slices map to stored voxels; null when display order is the stored order. */
  orientation: NiftiOrientation | null
}

const diagAffine = (sx: number, sy: number, sz: number) => [[-sx, 0, 0, 0], [0, -sy, 0, 0], [0, 0, sz, 0], [0, 0, 0, 1]]

export function caseGeometry(project: Project, c: ExportCase): CaseGeometry {
  const first = c.images[0]
  const n = c.images.length
  if (!c.volume) return { dims: [first.width, first.height, 1], affine: diagAffine(first.spacing_x, first.spacing_y, 1), orientation: null }
  const dims = JSON.parse(c.volume.dims_json) as number[]
  const spacing = JSON.parse(c.volume.spacing_json) as number[]
  if (c.volume.format === 'nifti' && c.volume.affine_json) {
    const affine = JSON.parse(c.volume.affine_json) as number[][]
    const d: [number, number, number] = [dims[0], dims[1] ?? 1, dims[2] ?? 1]
    const o = displayOrientation(affine, d)
    const s = displaySize(o)
    if (s.width !== first.width || s.height !== first.height || s.slices !== n) {
      throw new RadlabError('invalid_input', `volume ${c.name}: the project holds ${n} slices of ${first.width}×${first.height}, the source grid shows ${s.slices} of ${s.width}×${s.height}`)
    }
    return { dims: d, affine, orientation: o }
  }
  const dicom = c.volume.format === 'dicom' ? dicomAffine(project, c, spacing) : null
  return { dims: [first.width, first.height, n], affine: dicom ?? diagAffine(spacing[0] ?? 1, spacing[1] ?? 1, spacing[2] ?? 1), orientation: null }
}

/** RAS affine of a DICOM series from the first and last slices' position and orientation. */
function dicomAffine(project: Project, c: ExportCase, spacing: number[]): number[][] | null {
  const headerOf = (i: number) => {
    const sha = c.images[i].file_sha
    const path = sha ? storedPath(project.filesDir, sha) : null
    return path && existsSync(path) ? readDicomHeaderFile(path) : null
  }
  const h0 = headerOf(0)
  if (!h0?.imagePosition || !h0.imageOrientation || !h0.pixelSpacing) return null
  const [dy, dx] = h0.pixelSpacing
  const X = h0.imageOrientation.slice(0, 3)
  const Y = h0.imageOrientation.slice(3, 6)
  const n = c.images.length
  let S: number[]
  const hn = n > 1 ? headerOf(n - 1) : null
  if (hn?.imagePosition) S = [0, 1, 2].map((i) => (hn.imagePosition![i] - h0.imagePosition![i]) / (n - 1))
  else {
    const normal = [X[1] * Y[2] - X[2] * Y[1], X[2] * Y[0] - X[0] * Y[2], X[0] * Y[1] - X[1] * Y[0]]
    S = normal.map((v) => v * (spacing[2] ?? 1))
  }
  const P = h0.imagePosition
  const lps = [0, 1, 2].map((i) => [X[i] * dx, Y[i] * dy, S[i], P[i]])
  // DICOM patient space is LPS; NIfTI world space is RAS: negate the first two rows.
  return [lps[0].map((v) => -v), lps[1].map((v) => -v), lps[2], [0, 0, 0, 1]]
}

function toStored<T extends Uint8Array | Float32Array>(display: T, g: CaseGeometry): T {
  return g.orientation ? displayToStoredOrder(display, g.orientation) : display
}

/** The case's image volume (values as imported, in the smallest lossless type). */
export function caseImageNifti(project: Project, c: ExportCase, g: CaseGeometry, gzip = true): Buffer {
  const plane = c.images[0].width * c.images[0].height
  const display = new Float32Array(plane * c.images.length)
  c.images.forEach((img, s) => display.set(imageValues(project, img), s * plane))
  const packed = packPixels(toStored(display, g))
  const raw = encodeNifti({ dims: g.dims, data: unpackPixels(packed.dtype, packed.bytes), datatype: packed.dtype, affine: g.affine, description: 'RadLab export' })
  return gzip ? gzipSync(raw) : raw
}

/** The case's label volume (slices without labels are background). */
export function caseLabelNifti(c: ExportCase, labels: (Uint8Array | null)[], g: CaseGeometry, gzip = true): Buffer {
  const plane = c.images[0].width * c.images[0].height
  const display = new Uint8Array(plane * c.images.length)
  labels.forEach((l, s) => { if (l) display.set(l, s * plane) })
  return encodeNiftiLabels({ labels: toStored(display, g), dims: g.dims, affine: g.affine }, gzip)
}
