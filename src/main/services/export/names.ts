// File names derived from image and volume names, shared by every export format and by
// import-predictions, so a mask written here (or by a tool that kept our names) finds its image again.

const IMAGE_EXT = /\.(nii\.gz|nii|png|jpe?g|tiff?|dcm|dicom|gz|idx\d?-ubyte)$/i

/** A name safe on every file system: letters, digits, '.', '-', '_' only. */
export function safeName(s: string): string {
  const out = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '')
  return out || 'image'
}

/** The stem of a file name: extension(s) of image formats removed ('a.nii.gz' → 'a'). */
export function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file
  return base.replace(IMAGE_EXT, '')
}

/** Full stem of a stored image name: directories kept (joined by '_'), image extension removed, slice index appended. */
export function imageKey(name: string): string {
  // Slices of a volume are named `<volume>[i]`, frames of a multi-image file `<file>#i`.
  const m = /^(.*?)(?:\[(\d+)\]|#(\d+))$/.exec(name)
  const base = m ? m[1] : name
  const index = m ? (m[2] ?? m[3]) : null
  const stem = safeName(base.replace(IMAGE_EXT, ''))
  return index === null ? stem : `${stem}_${index.padStart(3, '0')}`
}

/** Short stem (no directories) of a stored image name. */
export function shortImageKey(name: string): string {
  const parts = name.split(/[\\/]/)
  return imageKey(parts[parts.length - 1])
}

/**
 * One file stem per name: the short stem where it is unique among `names`, else the full one
 * (with a numeric suffix as the last resort), so no two exported files collide.
 */
export function uniqueStems(names: readonly string[]): string[] {
  const shortCount = new Map<string, number>()
  for (const n of names) shortCount.set(shortImageKey(n), (shortCount.get(shortImageKey(n)) ?? 0) + 1)
  const used = new Set<string>()
  return names.map((n) => {
    let stem = shortCount.get(shortImageKey(n)) === 1 ? shortImageKey(n) : imageKey(n)
    if (used.has(stem)) {
      let k = 2
      while (used.has(`${stem}_${k}`)) k++
      stem = `${stem}_${k}`
    }
    used.add(stem)
    return stem
  })
}
