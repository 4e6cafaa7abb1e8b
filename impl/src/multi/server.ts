// A Multi-Paxos server: acceptor, leader and replica in one reducer.  Each
// input is routed to the parts it concerns, in a fixed order (vote, then
// learn, then apply, then propose into the room applying made), and the
// step comes back as the spec actions it took (step.ts).
import { match } from 'ts-pattern';
import { emptyKvState } from '../kv/commands.ts';
import { PersistentMap } from '../kv/persistent-map.ts';
import { onAccept, onPrepare } from './acceptor.ts';
import { onForgetNotice, onProgress } from './forget.ts';
import { ownerOf, type MultiConfig } from './config.ts';
import type { DurableState, Input, Output } from './io.ts';
import { EMPTY_DISK } from './io.ts';
import { advance, beginBallot, electionTimer, initialLeader, onBallotSeen, onCandidate, onClientRequest, onHeartbeatTimer, onLeaderAlive, onPromise } from './leader.ts';
import type { Message, NodeId } from './messages.ts';
import { applyDecided, applySlot, cachedReply, decidedPrefix, onCatchUp, onCaughtUpTo, onChosen, onDecided, onLeaderProgress, onVotes } from './replica.ts';
import { SlotMap } from './slot-map.ts';
import type { ReplicaState, ServerState } from './state.ts';
import { Tx, type ServerStep } from './step.ts';

function indexOf(config: MultiConfig, id: NodeId): number {
  const index = config.servers.indexOf(id);
  if (index < 0) throw new Error(`${id} is not a server of this deployment`);
  return index;
}

/**
 * A server rebuilt from its disk (or a fresh one, from the empty disk): the
 * store and the answers are those of the disk's image of them (if a
 * compaction wrote one), then of applying the decided log from there up to
 * `applied` again, which is deterministic; then the slots forgotten are
 * dropped as they were before the crash.  Leading is lost.
 */
export function recoverServer(config: MultiConfig, id: NodeId, disk: DurableState = EMPTY_DISK): { state: ServerState; outputs: Output[] } {
  const image = disk.image;
  let replica: ReplicaState = {
    decided: disk.decided,
    applied: image?.at ?? 0,
    executed: image?.executed ?? SlotMap.empty(),
    kv: image?.kv ?? emptyKvState,
    lastByClient: image?.lastByClient ?? PersistentMap.empty(),
    tallies: SlotMap.empty(),
    forgotten: 0,
    catchUpTo: 0,
  };
  for (let i = replica.applied + 1; i <= disk.applied; i++) replica = applySlot(config, replica, i).replica;
  const f = disk.forgotten;
  replica = { ...replica, forgotten: f, decided: replica.decided.forgetThrough(f), executed: replica.executed.forgetThrough(f) };
  const state: ServerState = {
    id,
    index: indexOf(config, id),
    acceptor: { maxBal: disk.maxBal, votes: disk.votes.forgetThrough(f) },
    leader: initialLeader(disk.lBal, Math.max(disk.lBal, disk.maxBal)),
    replica,
  };
  return { state, outputs: [electionTimer(config, 0)] };
}

/**
 * What this server's disk holds, as one state: its durable parts, with the
 * store and answers as an image at `applied` so that recovery need not
 * apply the log again.  A compaction writes its records (io.ts recordsOf);
 * recoverServer(durableOf(s)) is s as a crash leaves it.
 */
export function durableOf(s: ServerState): DurableState {
  const { acceptor, leader, replica } = s;
  return {
    maxBal: acceptor.maxBal,
    votes: acceptor.votes,
    lBal: leader.lBal,
    decided: replica.decided,
    applied: replica.applied,
    forgotten: replica.forgotten,
    image: { at: replica.applied, kv: replica.kv, lastByClient: replica.lastByClient, executed: replica.executed },
  };
}

export function initServer(config: MultiConfig, id: NodeId): { state: ServerState; outputs: Output[] } {
  return recoverServer(config, id, EMPTY_DISK);
}

export function serverStep(config: MultiConfig, state: ServerState, input: Input): ServerStep {
  const tx = new Tx(state);
  match(input)
    .with({ kind: 'receive' }, ({ from, msg }) => onMessage(config, tx, from, msg))
    .with({ kind: 'timer', timer: 'election' }, () => {
      // A leader does not stand for election; anyone else who heard from
      // no leader for a timeout begins a ballot.
      if (tx.state.leader.phase !== 'p2') beginBallot(config, tx);
    })
    .with({ kind: 'timer', timer: 'heartbeat' }, () => onHeartbeatTimer(config, tx))
    .with({ kind: 'requests' }, ({ requests }) => {
      for (const { from, msg } of requests) onRequest(config, tx, from, msg, false);
      advance(config, tx);
    })
    .exhaustive();
  return tx.done();
}

/** After new decisions: apply what can be applied, and fill the window that opened. */
function learnt(config: MultiConfig, tx: Tx): void {
  applyDecided(config, tx);
  advance(config, tx);
}

/** A client's request: answered again if it was executed, else led into a slot (proposed now, or with the rest of its batch). */
function onRequest(config: MultiConfig, tx: Tx, from: NodeId, m: Extract<Message, { type: 'request' }>, proposeNow: boolean): void {
  const cached = cachedReply(tx.state.replica, m.client, m.id);
  if (cached) tx.out({ kind: 'send', to: from, msg: cached });
  else if ((tx.state.replica.lastByClient.get(m.client)?.id ?? 0) < m.id) onClientRequest(config, tx, from, m, proposeNow);
}

function onMessage(config: MultiConfig, tx: Tx, from: NodeId, msg: Message): void {
  match(msg)
    .with({ type: 'request' }, (m) => onRequest(config, tx, from, m, true))
    .with({ type: '1a' }, (m) => {
      onPrepare(config, tx, m);
      onCandidate(config, tx, m.bal);
    })
    .with({ type: '1b' }, (m) => onPromise(config, tx, m))
    .with({ type: '2a' }, (m) => {
      onAccept(config, tx, m);
      if (ownerOf(config, m.bal) !== tx.state.id) onLeaderAlive(config, tx, m.bal);
    })
    .with({ type: '2b' }, (m) => {
      onVotes(config, tx, m);
      learnt(config, tx);
    })
    .with({ type: 'decided' }, (m) => {
      const had = decidedPrefix(tx.state.replica);
      onDecided(tx, m);
      learnt(config, tx);
      onCaughtUpTo(tx, from, m, had);
    })
    .with({ type: 'chosen' }, (m) => {
      onChosen(tx, m);
      learnt(config, tx);
    })
    .with({ type: 'catch-up' }, (m) => onCatchUp(tx, m))
    .with({ type: 'heartbeat' }, (m) => {
      onLeaderAlive(config, tx, m.bal);
      onLeaderProgress(config, tx, m.bal, m.decidedUpTo);
      onForgetNotice(tx, from, m.forgetUpTo);
    })
    .with({ type: 'progress' }, (m) => onProgress(tx, m))
    .with({ type: 'nack' }, (m) => {
      if (m.bal === tx.state.leader.lBal) onBallotSeen(config, tx, m.promised);
    })
    // Answers are for clients; a server that receives one ignores it.
    .with({ type: 'reply' }, { type: 'redirect' }, () => undefined)
    .exhaustive();
}
