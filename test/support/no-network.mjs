// Loaded with `node --import` in the no-network test: every outbound connection or DNS lookup
// that is not loopback is recorded to $RADLAB_NET_LOG and made to fail.
import dns from 'node:dns'
import fs from 'node:fs'
import net from 'node:net'

const log = process.env.RADLAB_NET_LOG
const isLoopback = (h) => h === undefined || h === null || h === '' || h === 'localhost' || String(h).startsWith('127.') || h === '::1' || h === '[::1]'
const record = (what) => {
  if (log) fs.appendFileSync(log, `${JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 3), what })}\n`)
}

const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function patchedConnect(...args) {
  let o = args[0]
  if (Array.isArray(o)) o = o[0]
  if (typeof o === 'number' || typeof o === 'string') o = typeof o === 'number' ? { port: o, host: typeof args[1] === 'string' ? args[1] : undefined } : { path: o }
  if (o && typeof o === 'object' && !o.path && !isLoopback(o.host)) {
    record(`connect ${o.host}:${o.port}`)
    process.nextTick(() => this.destroy(Object.assign(new Error(`network blocked: ${o.host}`), { code: 'ECONNREFUSED' })))
    return this
  }
  return connect.apply(this, args)
}

const lookup = dns.lookup
dns.lookup = function patchedLookup(host, ...rest) {
  const cb = rest[rest.length - 1]
  if (!isLoopback(host)) {
    record(`dns ${host}`)
    return process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })))
  }
  return lookup.call(this, host, ...rest)
}
