#!/usr/bin/env node
// `npm run bench -- <suite>`: runs bench/<suite>.ts, which writes bench/results/<suite>.json.
import { register } from 'tsx/esm/api'

register()
await import('../bench/run.ts')
