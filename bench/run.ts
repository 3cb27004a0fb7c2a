// `npm run bench -- <suite> [<suite>…]`: each suite writes bench/results/<suite>.json and prints a
// table. Suites are not tests: figures depend on the machine, so they are recorded, not asserted.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const SUITES = ['import', 'annotate', 'train', 'quality', 'ipc', 'review'] as const

async function main() {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  const chosen = args.length ? args : [...SUITES]
  for (const suite of chosen) {
    if (!(SUITES as readonly string[]).includes(suite)) {
      console.error(`unknown bench suite "${suite}"; choose from ${SUITES.join(', ')}`)
      process.exit(2)
    }
    const file = fileURLToPath(new URL(`./${suite}.ts`, import.meta.url))
    if (!existsSync(file)) {
      console.error(`bench suite ${suite} is not available (${file} missing)`)
      process.exitCode = 1
      continue
    }
    console.log(`\n=== bench: ${suite} ===`)
    const mod = (await import(file)) as { run: () => Promise<unknown> }
    await mod.run()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
