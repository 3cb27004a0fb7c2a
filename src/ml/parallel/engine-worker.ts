// Worker entry used by the training engine: registers the engine's losses and custom layers,
// then runs the generic data-parallel replica. Built as its own bundle (`train-worker.js`) so
// the packaged app needs no source modules at run time.
import { makeLoss } from '../losses'
import { setDropoutReplica } from '../models/seeded-dropout'
import type { LossName } from '../../shared/trainer-protocol'
import { onReplicaInit, registerLoss } from './replica-hooks'
import './worker'

registerLoss('radlab', (...args: unknown[]) => makeLoss(args[0] as LossName, args[1] as number, (args[2] as number[] | null) ?? null))
onReplicaInit((rank) => setDropoutReplica(rank))
