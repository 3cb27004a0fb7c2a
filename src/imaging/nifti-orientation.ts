// Where NIfTI voxels go on screen. One display convention for every volume, the standard
// radiological one, decided from the qform/sform (world space is RAS+: x → patient's Right,
// y → Anterior, z → Superior):
//   - planes are axial slices, ordered inferior → superior (sliceIndex 0 is the lowest slice);
//   - rows run anterior → posterior top-down (the front of the head/chest at the top);
//   - columns run from the patient's right (image left) to the patient's left (image right),
//     i.e. the patient is seen from the feet, as on a radiology workstation.
// Each voxel axis is matched to the world axis it is closest to (greedy largest |cosine|, as
// nibabel's io_orientation does); oblique volumes are shown along their nearest axes, not resampled.

export interface NiftiOrientation {
  /** Stored voxel dims [nx, ny, nz]. */
  dims: [number, number, number]
  /** Voxel axis (0, 1, 2) shown along image columns, rows and slices, and whether it is reversed. */
  colAxis: number
  colFlip: boolean
  rowAxis: number
  rowFlip: boolean
  sliceAxis: number
  sliceFlip: boolean
  /** Axis codes of the stored data, e.g. 'LAS' (nibabel's aff2axcodes). */
  storedCodes: string
}

const POS = ['R', 'A', 'S']
const NEG = ['L', 'P', 'I']

/** For each voxel axis: the world axis it points along and the sign. */
export function axisMapping(affine: number[][]): { world: number[]; sign: number[] } {
  const world = [-1, -1, -1]
  const sign = [1, 1, 1]
  const usedRows = new Set<number>()
  const usedCols = new Set<number>()
  for (let step = 0; step < 3; step++) {
    let best = -1
    let bi = 0
    let bj = 0
    for (let i = 0; i < 3; i++) {
      if (usedRows.has(i)) continue
      for (let j = 0; j < 3; j++) {
        if (usedCols.has(j)) continue
        const v = Math.abs(affine[i][j])
        if (v > best) { best = v; bi = i; bj = j }
      }
    }
    usedRows.add(bi)
    usedCols.add(bj)
    world[bj] = bi
    sign[bj] = affine[bi][bj] < 0 ? -1 : 1
  }
  return { world, sign }
}

export function displayOrientation(affine: number[][], dims: [number, number, number]): NiftiOrientation {
  const { world, sign } = axisMapping(affine)
  const axisFor = (w: number) => world.indexOf(w)
  const colAxis = axisFor(0)
  const rowAxis = axisFor(1)
  const sliceAxis = axisFor(2)
  return {
    dims,
    colAxis,
    colFlip: sign[colAxis] > 0, // columns must go towards the patient's left (−x)
    rowAxis,
    rowFlip: sign[rowAxis] > 0, // rows must go towards posterior (−y)
    sliceAxis,
    sliceFlip: sign[sliceAxis] < 0, // slices must go towards superior (+z)
    storedCodes: world.map((w, j) => (sign[j] > 0 ? POS[w] : NEG[w])).join(''),
  }
}

export function displaySize(o: NiftiOrientation): { width: number; height: number; slices: number } {
  return { width: o.dims[o.colAxis], height: o.dims[o.rowAxis], slices: o.dims[o.sliceAxis] }
}

/** Linear-index walk for display (col, row, slice): start offset and signed strides in stored order. */
export function displayStrides(o: NiftiOrientation): { start: number; col: number; row: number; slice: number } {
  const strides = [1, o.dims[0], o.dims[0] * o.dims[1]]
  let start = 0
  const step = (axis: number, flip: boolean) => {
    if (flip) start += (o.dims[axis] - 1) * strides[axis]
    return flip ? -strides[axis] : strides[axis]
  }
  const col = step(o.colAxis, o.colFlip)
  const row = step(o.rowAxis, o.rowFlip)
  const slice = step(o.sliceAxis, o.sliceFlip)
  return { start, col, row, slice }
}

/** Stored voxel index (i, j, k) of display pixel (c, r, s). */
export function displayToVoxel(o: NiftiOrientation, c: number, r: number, s: number): [number, number, number] {
  const v: [number, number, number] = [0, 0, 0]
  v[o.colAxis] = o.colFlip ? o.dims[o.colAxis] - 1 - c : c
  v[o.rowAxis] = o.rowFlip ? o.dims[o.rowAxis] - 1 - r : r
  v[o.sliceAxis] = o.sliceFlip ? o.dims[o.sliceAxis] - 1 - s : s
  return v
}

export function applyAffine(a: number[][], v: number[]): number[] {
  return [0, 1, 2].map((i) => a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2] + a[i][3])
}

/** Affine of the display grid (col, row, slice) → world, so a display-order volume can be exported as is. */
export function displayAffine(affine: number[][], o: NiftiOrientation): number[][] {
  const origin = applyAffine(affine, displayToVoxel(o, 0, 0, 0))
  const col = (axis: number, flip: boolean) => [0, 1, 2].map((i) => affine[i][axis] * (flip ? -1 : 1))
  const c = col(o.colAxis, o.colFlip)
  const r = col(o.rowAxis, o.rowFlip)
  const s = col(o.sliceAxis, o.sliceFlip)
  return [
    [c[0], r[0], s[0], origin[0]],
    [c[1], r[1], s[1], origin[1]],
    [c[2], r[2], s[2], origin[2]],
    [0, 0, 0, 1],
  ]
}

/** Puts display-order labels (slice-major, row-major) back into stored voxel order, for export with the stored affine. */
export function displayToStoredOrder<T extends Uint8Array | Float32Array>(display: T, o: NiftiOrientation): T {
  const out = new (display.constructor as { new (n: number): T })(display.length)
  const { width, height, slices } = displaySize(o)
  const st = displayStrides(o)
  let k = 0
  for (let s = 0; s < slices; s++) {
    for (let r = 0; r < height; r++) {
      let v = st.start + s * st.slice + r * st.row
      for (let c = 0; c < width; c++, v += st.col) out[v] = display[k++]
    }
  }
  return out
}
