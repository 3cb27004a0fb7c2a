// Fill between slices (shape-based interpolation, Raya & Udupa 1990, as ITK-SNAP and Slicer do):
// for each class, turn both key slices into signed distance maps (positive inside), blend them
// linearly by the slice's position, and keep pixels where the blend is > 0. Where classes overlap
// the one deepest inside wins. Pure: returns new label maps and touches nothing.

/** Signed distance used when a class is absent from a key slice: the shape fades out. */
function absentDistance(width: number, height: number): number {
  return width + height
}

/**
 * Label maps for the `count` slices strictly between key slices `a` and `b`,
 * nearest `a` first (slice k sits at t = (k+1)/(count+1)).
 */
export function interpolateSlices(a: Uint8Array, b: Uint8Array, width: number, height: number, count: number): Uint8Array[] {
  const n = width * height
  if (a.length !== n || b.length !== n) {
    throw new Error(`interpolateSlices: key slices have ${a.length} and ${b.length} pixels, expected ${width}×${height}`)
  }
  if (!Number.isInteger(count) || count < 0) throw new Error(`interpolateSlices: count ${count} is not a whole number ≥ 0`)
  const out = Array.from({ length: count }, () => new Uint8Array(n))
  if (count === 0) return out
  const best = Array.from({ length: count }, () => new Float32Array(n))
  for (const cls of classesIn(a, b)) {
    const da = signedDistance(a, width, height, cls)
    const db = signedDistance(b, width, height, cls)
    for (let k = 0; k < count; k++) {
      const t = (k + 1) / (count + 1)
      const map = out[k]
      const depth = best[k]
      for (let i = 0; i < n; i++) {
        const d = (1 - t) * da[i] + t * db[i]
        if (d > 0 && d > depth[i]) {
          depth[i] = d
          map[i] = cls
        }
      }
    }
  }
  return out
}

function classesIn(a: Uint8Array, b: Uint8Array): number[] {
  const seen = new Uint8Array(256)
  for (let i = 0; i < a.length; i++) seen[a[i]] = 1
  for (let i = 0; i < b.length; i++) seen[b[i]] = 1
  const out: number[] = []
  for (let v = 1; v < 256; v++) if (seen[v]) out.push(v)
  return out
}

/**
 * Signed Euclidean distance to the class boundary, in pixels: +d inside, −d outside, with the
 * boundary half-way between an inside and an outside pixel (so identical keys give back the key).
 */
export function signedDistance(labels: Uint8Array, width: number, height: number, cls: number): Float32Array {
  const n = width * height
  const toOutside = new Float64Array(n) // 0 on outside pixels: distance² of inside pixels to them
  const toInside = new Float64Array(n)
  let anyIn = false
  let anyOut = false
  for (let i = 0; i < n; i++) {
    const inside = labels[i] === cls
    if (inside) anyIn = true
    else anyOut = true
    toOutside[i] = inside ? Infinity : 0
    toInside[i] = inside ? 0 : Infinity
  }
  const sd = new Float32Array(n)
  const big = absentDistance(width, height)
  if (!anyIn) return sd.fill(-big)
  if (!anyOut) return sd.fill(big)
  squaredEdt(toOutside, width, height)
  squaredEdt(toInside, width, height)
  for (let i = 0; i < n; i++) {
    sd[i] = labels[i] === cls ? Math.sqrt(toOutside[i]) - 0.5 : 0.5 - Math.sqrt(toInside[i])
  }
  return sd
}

/** Exact squared Euclidean distance transform in place (Felzenszwalb & Huttenlocher), rows then columns. */
export function squaredEdt(f: Float64Array, width: number, height: number): void {
  const len = Math.max(width, height)
  const line = new Float64Array(len)
  const res = new Float64Array(len)
  const v = new Int32Array(len)
  const z = new Float64Array(len + 1)
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) line[y] = f[y * width + x]
    edt1d(line, height, res, v, z)
    for (let y = 0; y < height; y++) f[y * width + x] = res[y]
  }
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) line[x] = f[row + x]
    edt1d(line, width, res, v, z)
    for (let x = 0; x < width; x++) f[row + x] = res[x]
  }
}

function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  // Lower envelope of parabolas rooted at finite samples.
  let k = -1
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue
    if (k < 0) {
      k = 0
      v[0] = q
      z[0] = -Infinity
      z[1] = Infinity
      continue
    }
    let s = ((f[q] + q * q) - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    while (s <= z[k]) {
      k--
      if (k < 0) break
      s = ((f[q] + q * q) - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k])
    }
    k++
    v[k] = q
    z[k] = k === 0 ? -Infinity : s
    z[k + 1] = Infinity
  }
  if (k < 0) {
    for (let q = 0; q < n; q++) d[q] = Infinity
    return
  }
  let j = 0
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++
    const dq = q - v[j]
    d[q] = dq * dq + f[v[j]]
  }
}
