// Trainer process entry. Runs as an Electron utilityProcess (process.parentPort) or as a
// child_process.fork child (process.send / 'message'). Tensor math lives here, never in main:
// a native crash or an out-of-memory error ends this process, and main marks the run failed.
import * as tf from '@tensorflow/tfjs'
import type { BackendPreference, MainToTrainer, TrainerToMain } from '../shared/trainer-protocol'
import { TrainerSession } from './trainer-session'
import { classifyFailure } from './failure'

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void
  postMessage(msg: unknown): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function send(msg: TrainerToMain): void {
  if (parentPort) parentPort.postMessage(msg)
  else if (process.send) process.send(msg)
  else process.stdout.write(JSON.stringify(msg) + '\n')
}

// Quiets tfjs's console notes ("install tfjs-node …"): the backend report says it better.
tf.enableProdMode()

const session = new TrainerSession(send)
// Messages are handled one after another, except cancel, which must get through while a
// run is in progress.
let queue: Promise<void> = Promise.resolve()

function onMessage(raw: unknown): void {
  const msg = raw as MainToTrainer
  if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') {
    send({ type: 'failed', code: 'invalid', reason: `trainer received a message without a type: ${JSON.stringify(raw)?.slice(0, 200)}` })
    return
  }
  if (msg.type === 'cancel') {
    void session.handle(msg)
    return
  }
  if (msg.type === 'shutdown') {
    void queue.then(() => process.exit(0))
    return
  }
  queue = queue.then(() => session.handle(msg)).catch((err) => send({ type: 'failed', ...classifyFailure(err) }))
}

process.on('uncaughtException', (err) => {
  send({ type: 'failed', ...classifyFailure(err) })
  // State after an uncaught exception is unknown: end the process; main reports the exit.
  setTimeout(() => process.exit(1), 100)
})

if (parentPort) parentPort.on('message', (e) => onMessage(e.data))
else {
  process.on('message', onMessage)
  // When main goes away, so does the trainer.
  process.on('disconnect', () => process.exit(0))
}

// Pick the backend up front so `ready` reports it before the first run.
const pref = (process.env.RADLAB_BACKEND as BackendPreference | undefined) ?? 'auto'
queue = queue.then(() => session.ensureBackend(pref, 'train').then(() => undefined)).catch((err) => send({ type: 'failed', ...classifyFailure(err) }))
