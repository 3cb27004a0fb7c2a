// Import throughput (70,000 Fashion-MNIST images from IDX; 10,000 PNG files), open-project-to-
// first-page time for 10,000 images, and DB size per image.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProject, openProject } from '../src/main/services/project'
import { runImport } from '../src/main/services/import'
import { xrayPhantom } from '../test/fixtures/phantoms'
import { writePng8 } from '../test/fixtures/writers'
import { machine, printTable } from './lib/machine'
import { writeSuiteJson as writeResults } from './lib/trainMachine'

const FASHION = '/usr/share/datasets/fashion-mnist'

function dbBytes(dir: string) {
  let n = 0
  for (const f of ['radlab.sqlite', 'radlab.sqlite-wal']) if (existsSync(join(dir, f))) n += statSync(join(dir, f)).size
  return n
}

export async function run() {
  const work = mkdtempSync(join(tmpdir(), 'radlab-bench-import-'))
  try {
    let idxImagesPerSec: number | null = null
    let idxImages = 0
    if (existsSync(join(FASHION, 'train-images-idx3-ubyte.gz'))) {
      const p = createProject(join(work, 'fashion'))
      const t0 = performance.now()
      const s = await runImport(p, { paths: [FASHION], classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] })
      const sec = (performance.now() - t0) / 1000
      idxImages = s.imagesAdded
      idxImagesPerSec = s.imagesAdded / sec
      p.close()
    } else {
      console.warn(`skipping IDX import: ${FASHION} missing (apt-get install dataset-fashion-mnist)`)
    }

    const pngDir = join(work, 'png')
    mkdirSync(pngDir)
    const N = 10_000
    for (let i = 0; i < N; i++) {
      const x = xrayPhantom(i, 64, i % 2 ? 'PNEUMONIA' : 'NORMAL')
      writePng8(join(pngDir, `img_${String(i).padStart(5, '0')}.png`), x.pixels, 64, 64)
    }
    const p = createProject(join(work, 'pngs'))
    const t0 = performance.now()
    const s = await runImport(p, { paths: [pngDir] })
    const pngImagesPerSec = s.imagesAdded / ((performance.now() - t0) / 1000)
    p.close()

    // Open-project-to-first-page: open the DB, list the first page and fetch its thumbnails.
    const t1 = performance.now()
    const again = openProject(join(work, 'pngs'))
    const page = again.repos.images.list(undefined, 0, 120)
    const thumbs = again.repos.images.thumbnails(page.items.map((i) => i.id))
    const openFirstPageMs = performance.now() - t1
    again.db.pragma('wal_checkpoint(TRUNCATE)')
    const dbBytesPerImage = dbBytes(join(work, 'pngs')) / s.imagesAdded
    again.close()

    const result = {
      idxImagesPerSec: idxImagesPerSec && Math.round(idxImagesPerSec), idxImages,
      pngImagesPerSec: Math.round(pngImagesPerSec), pngImages: s.imagesAdded,
      openFirstPageMs: Math.round(openFirstPageMs * 10) / 10, firstPageThumbnails: thumbs.length,
      dbBytesPerImage: Math.round(dbBytesPerImage),
      ...machine(),
    }
    printTable(result)
    console.log(`wrote ${writeResults('import', result)}`)
    return result
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
