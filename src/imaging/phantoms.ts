// Deterministic synthetic images for tests, benchmarks and the demo project: an MRI-like brain slice with tumour-like
// lesions (and their ground-truth mask), and a chest X-ray with or without pneumonia-like opacities.
// Everything derives from a seed, so the same call always yields the same pixels.

import { createRng } from '../shared/random'

/** The seeded generator every phantom draws from. */
export const makeRng = createRng

export function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng())
}

/** Smooth random texture in [-1, 1]: a few random plane waves. */
function textureField(rng: () => number, size: number, waves = 6): Float32Array {
  const out = new Float32Array(size * size)
  const params = Array.from({ length: waves }, () => ({ kx: (rng() - 0.5) * 0.6, ky: (rng() - 0.5) * 0.6, ph: rng() * Math.PI * 2 }))
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = 0
      for (const p of params) v += Math.sin(p.kx * x + p.ky * y + p.ph)
      out[y * size + x] = v / waves
    }
  }
  return out
}

export interface MriPhantom {
  width: number
  height: number
  /** Signal intensities (roughly 0–1200), row-major. */
  pixels: Float32Array
  /** 1 inside lesions, 0 elsewhere. */
  mask: Uint8Array
  lesions: number
}

/** Axial brain-like slice: skull ring, tissue with texture, ventricles, 0–2 bright irregular lesions, Rician-like noise. */
export function mriPhantomSlice(seed: number, size = 128): MriPhantom {
  const rng = makeRng(seed)
  const pixels = new Float32Array(size * size)
  const mask = new Uint8Array(size * size)
  const cx = size / 2 + (rng() - 0.5) * size * 0.04
  const cy = size / 2 + (rng() - 0.5) * size * 0.04
  const ax = size * (0.36 + rng() * 0.04)
  const ay = size * (0.43 + rng() * 0.03)
  const texture = textureField(rng, size)
  const lesionCount = Math.floor(rng() * 3) // 0, 1 or 2
  const lesions = Array.from({ length: lesionCount }, () => {
    const ang = rng() * Math.PI * 2
    const dist = rng() * 0.5
    return {
      x: cx + Math.cos(ang) * ax * dist,
      y: cy + Math.sin(ang) * ay * dist,
      r: size * (0.05 + rng() * 0.07),
      k1: 3 + Math.floor(rng() * 3), p1: rng() * 6.28, a1: 0.15 + rng() * 0.15,
      k2: 5 + Math.floor(rng() * 4), p2: rng() * 6.28, a2: 0.05 + rng() * 0.1,
      gain: 300 + rng() * 150,
    }
  })
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x
      const e = ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2
      let v = 0
      if (e < 1) {
        v = 520 + 70 * texture[i]
        // ventricles: two dark crescents near the centre
        const vx = Math.abs(x - cx) - size * 0.05
        const ve = (vx / (size * 0.04)) ** 2 + ((y - cy + size * 0.02) / (size * 0.11)) ** 2
        if (ve < 1) v = 160 + 20 * texture[i]
        for (const l of lesions) {
          const th = Math.atan2(y - l.y, x - l.x)
          const rr = l.r * (1 + l.a1 * Math.sin(l.k1 * th + l.p1) + l.a2 * Math.sin(l.k2 * th + l.p2))
          const d = Math.hypot(x - l.x, y - l.y)
          if (d < rr) {
            v += l.gain * (0.85 + 0.15 * Math.cos((d / rr) * 1.5))
            mask[i] = 1
          }
        }
      } else if (e < 1.18) {
        v = 900 + 60 * texture[i] // skull / scalp
      }
      pixels[i] = Math.abs(v + 12 * gaussian(rng))
    }
  }
  return { width: size, height: size, pixels, mask, lesions: lesionCount }
}

export type XrayClass = 'NORMAL' | 'PNEUMONIA'

export interface XrayPhantom { width: number; height: number; /** 0–255 */ pixels: Float32Array; cls: XrayClass }

/** Frontal chest film: bright body, dark lungs, mediastinum, ribs; pneumonia adds patchy opacities in the lungs. */
export function xrayPhantom(seed: number, size = 128, cls: XrayClass = 'NORMAL'): XrayPhantom {
  const rng = makeRng(seed)
  const pixels = new Float32Array(size * size)
  const texture = textureField(rng, size, 8)
  const lungs = [-1, 1].map((side) => ({ x: size / 2 + side * size * (0.2 + rng() * 0.02), y: size * (0.47 + rng() * 0.03), ax: size * (0.15 + rng() * 0.02), ay: size * (0.3 + rng() * 0.03) }))
  const ribPhase = rng() * 6.28
  const patches = cls === 'PNEUMONIA'
    ? Array.from({ length: 3 + Math.floor(rng() * 4) }, () => {
        const l = lungs[Math.floor(rng() * 2)]
        return { x: l.x + (rng() - 0.5) * l.ax * 1.2, y: l.y + (rng() - 0.3) * l.ay, r: size * (0.04 + rng() * 0.07), g: 55 + rng() * 45 }
      })
    : []
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x
      const body = Math.abs(x - size / 2) < size * 0.44 ? 1 : 0
      let v = body ? 175 + 15 * texture[i] : 25
      let inLung = false
      for (const l of lungs) {
        const e = ((x - l.x) / l.ax) ** 2 + ((y - l.y) / l.ay) ** 2
        if (e < 1) {
          inLung = true
          v = 70 + 30 * e + 10 * texture[i]
        }
      }
      // Ribs: arcs, brighter where they cross the lungs.
      const rib = Math.sin((y + 0.004 * (x - size / 2) ** 2) * (Math.PI / (size * 0.075)) + ribPhase)
      if (body && rib > 0.75) v += inLung ? 45 : 15
      for (const p of patches) {
        const d = Math.hypot(x - p.x, y - p.y) / p.r
        if (d < 1 && inLung) v += p.g * (1 - d * d) * (0.7 + 0.3 * texture[(i * 7) % texture.length])
      }
      // Mediastinum / heart shadow
      if (Math.abs(x - size / 2 - size * 0.03) < size * (0.07 + 0.08 * Math.max(0, (y / size - 0.5) * 2)) && y > size * 0.15) v = Math.max(v, 190 + 10 * texture[i])
      pixels[i] = Math.min(255, Math.max(0, v + 4 * gaussian(rng)))
    }
  }
  return { width: size, height: size, pixels, cls }
}

/** A small MRI-like volume (slices of one phantom brain with a lesion crossing several slices). */
export function mriPhantomVolume(seed: number, size = 32, slices = 8): { dims: [number, number, number]; data: Float32Array; mask: Uint8Array } {
  const data = new Float32Array(size * size * slices)
  const mask = new Uint8Array(size * size * slices)
  for (let z = 0; z < slices; z++) {
    const s = mriPhantomSlice(seed + z, size)
    data.set(s.pixels, z * size * size)
    mask.set(s.mask, z * size * size)
  }
  return { dims: [size, size, slices], data, mask }
}
