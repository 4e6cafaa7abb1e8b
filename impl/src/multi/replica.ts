// The replica part of a server (spec Decide, ApplySkip, ApplyExecute): it
// learns each slot's entry from a quorum of votes in one ballot (the
// leader, to which the votes go), from the leader's notice that its votes
// were chosen (the others), or from a server that learned it (catch-up);
// applies the log in slot order with no gaps,
// executes each request once however many slots a retry landed in, and
// answers the client.  What it decided and how far it applied are durable;
// the store and the answers are rebuilt from them after a crash.
import { applyCommand } from '../kv/commands.ts';
import { isQuorum, ownerOf, type MultiConfig } from './config.ts';
import { entryChars, RUN_CHARS, sameRequest, type Ballot, type Decision, type Entry, type Message, type NodeId, type Slot } from './messages.ts';
import { runsOf } from './slot-map.ts';
import { replicaWith, serverWith, type ReplicaState } from './state.ts';
import type { SpecMsg, Tx } from './step.ts';

/** How many decisions one notice carries at most, so a lagging replica catches up in bounded messages. */
export const CATCH_UP_RUN = 1024;

/** Slots 1 .. this are all decided (the replica can apply that far). */
export function decidedPrefix(r: ReplicaState): Slot {
  let i = r.applied;
  while (r.decided.has(i + 1)) i++;
  return i;
}

function ballotKey(config: MultiConfig, bal: Ballot): string {
  // A quorum must vote in ONE ballot (spec ChosenAt): votes for a slot in
  // different ballots may be for different entries.
  return config.bugs.decideFromMixedBallots ? '' : `${bal}`;
}

/** spec Decide(s, Msg2a(bal, slot, entry)): record the decision (the caller persists it). */
function decide(tx: Tx, slot: Slot, d: Decision, received?: SpecMsg): void {
  const s = tx.state;
  const replica = replicaWith(s.replica, { decided: s.replica.decided.set(slot, d), tallies: s.replica.tallies.delete(slot) });
  tx.act({ action: 'Decide', s: s.id, m: { type: '2a', bal: d.bal, slot, entry: d.entry } }, serverWith(s, { replica }), [], received);
}

/**
 * Persist the decisions just made, in runs of consecutive slots, before
 * anything that depends on them.  A run decided as this acceptor's own
 * votes in one ballot (a leader's own proposals, a chosen notice) names
 * them ('decided-votes'): its votes are on disk already, so the entries
 * need not be written, and serialized, a second time.
 */
function persistDecisions(tx: Tx, slots: readonly Slot[]): void {
  const { decided } = tx.state.replica;
  const { votes } = tx.state.acceptor;
  const pairs = slots.map((i) => {
    const d = decided.get(i)!;
    const v = votes.get(i);
    return [i, { d, own: v !== undefined && v.bal === d.bal && sameEntry(v.entry, d.entry) }] as const;
  });
  const runs = runsOf(pairs, Infinity, (a, b) => a.own === b.own && a.d.bal === b.d.bal, (x) => (x.own ? 0 : entryChars(x.d.entry)), RUN_CHARS);
  for (const { first, values } of runs) {
    const { d, own } = values[0]!;
    if (own) tx.out({ kind: 'persist', record: { rec: 'decided-votes', bal: d.bal, first, last: first + values.length - 1 } });
    else tx.out({ kind: 'persist', record: { rec: 'decisions', first, decisions: values.map((x) => x.d) } });
  }
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.kind === 'noop' ? b.kind === 'noop' : b.kind === 'request' && sameRequest(a, b);
}

/** A quorum's votes (a batched 2b), counted slot by slot; what they chose is announced to the other servers. */
export function onVotes(config: MultiConfig, tx: Tx, msg: Extract<Message, { type: '2b' }>): void {
  const newly: Slot[] = [];
  msg.entries.forEach((entry, k) => {
    const slot = msg.first + k;
    const r = tx.state.replica;
    if (slot <= r.forgotten || r.decided.has(slot)) return;
    const key = ballotKey(config, msg.bal);
    const inSlot = r.tallies.get(slot);
    const before = inSlot?.get(key);
    const voters = before?.voters.includes(msg.acc) ? before.voters : [...(before?.voters ?? []), msg.acc];
    const m2b: SpecMsg = { type: '2b', acc: msg.acc, bal: msg.bal, slot, entry };
    if (isQuorum(config, voters)) {
      decide(tx, slot, { bal: msg.bal, entry }, m2b);
      newly.push(slot);
    } else tx.set(serverWith(tx.state, { replica: replicaWith(r, { tallies: r.tallies.set(slot, new Map(inSlot).set(key, { entry, voters })) }) }));
  });
  persistDecisions(tx, newly);
  for (const { first, values } of runsOf(newly.map((i) => [i, i] as const))) {
    const chosen: Message = { type: 'chosen', bal: msg.bal, first, last: first + values.length - 1 };
    for (const to of config.servers) if (to !== tx.state.id) tx.out({ kind: 'send', to, msg: chosen });
  }
}

/**
 * The leader counted a quorum in msg.bal for slots first .. last: learn
 * those this acceptor voted for in msg.bal (spec Decide; the entry is the
 * one it voted for, the only one proposed in that ballot and slot).  Slots
 * it voted for in another ballot, or not at all, wait for catch-up: the
 * entry chosen there may differ from its vote.
 */
export function onChosen(tx: Tx, msg: Extract<Message, { type: 'chosen' }>): void {
  const { votes } = tx.state.acceptor;
  const newly: Slot[] = [];
  for (let slot = Math.max(msg.first, tx.state.replica.forgotten + 1); slot <= Math.min(msg.last, votes.max); slot++) {
    const vote = votes.get(slot);
    if (vote?.bal !== msg.bal || tx.state.replica.decided.has(slot)) continue;
    decide(tx, slot, { bal: msg.bal, entry: vote.entry });
    newly.push(slot);
  }
  persistDecisions(tx, newly);
}

/** Decisions another server learned: each is chosen, so learning it is spec Decide. */
export function onDecided(tx: Tx, msg: Extract<Message, { type: 'decided' }>): void {
  const newly: Slot[] = [];
  msg.decisions.forEach((d, k) => {
    const slot = msg.first + k;
    if (slot <= tx.state.replica.forgotten || tx.state.replica.decided.has(slot)) return;
    decide(tx, slot, d);
    newly.push(slot);
  });
  persistDecisions(tx, newly);
}

/** A lagging replica asks for decisions from `first` on: send the run this one has. */
export function onCatchUp(tx: Tx, msg: Extract<Message, { type: 'catch-up' }>): void {
  const { decided } = tx.state.replica;
  const decisions: Decision[] = [];
  let chars = 0;
  for (let d = decided.get(msg.first); d !== undefined && decisions.length < CATCH_UP_RUN; d = decided.get(msg.first + decisions.length)) {
    chars += entryChars(d.entry);
    if (decisions.length > 0 && chars > RUN_CHARS) break;
    decisions.push(d);
  }
  if (decisions.length > 0) tx.out({ kind: 'send', to: msg.from, msg: { type: 'decided', first: msg.first, decisions } });
}

/**
 * A run of decisions answered a catch-up: ask the same server for the next
 * run at once, not at the next heartbeat, so that a replica far behind
 * catches up at a run per round trip (a run of 64 per heartbeat, 1,280
 * slots a second, was slower than a loaded cluster decides), until it has
 * what the leader had decided at its last heartbeat (`catchUpTo`); the
 * chosen notices bring the rest.  (Asking on while the leader decides
 * more made a chain that never ended under load.)
 */
export function onCaughtUpTo(tx: Tx, from: NodeId, msg: Extract<Message, { type: 'decided' }>, had: Slot): void {
  const have = decidedPrefix(tx.state.replica);
  const last = msg.first + msg.decisions.length - 1;
  // Only a run that moved the prefix asks again: a duplicate answer (the
  // heartbeats ask too) must not start a second chain of requests.
  if (msg.decisions.length > 0 && have > had && have >= last && have < tx.state.replica.catchUpTo && from !== tx.state.id) tx.out({ kind: 'send', to: from, msg: { type: 'catch-up', from: tx.state.id, first: have + 1 } });
}

/**
 * A leader says how far it has decided: if this replica is still short of
 * what the previous heartbeat said, ask for what it missed.  Short of this
 * one only, it is most likely a batch behind, whose chosen notice is on its
 * way: asking then fetched that batch again at every heartbeat.
 */
export function onLeaderProgress(config: MultiConfig, tx: Tx, bal: Ballot, decidedUpTo: Slot): void {
  const r = tx.state.replica;
  const have = decidedPrefix(r);
  const leader = ownerOf(config, bal);
  if (leader === tx.state.id) return;
  if (have < Math.min(r.catchUpTo, decidedUpTo)) tx.out({ kind: 'send', to: leader, msg: { type: 'catch-up', from: tx.state.id, first: have + 1 } });
  if (decidedUpTo !== r.catchUpTo) tx.set(serverWith(tx.state, { replica: replicaWith(r, { catchUpTo: decidedUpTo }) }));
}

/** The slot the replica applies next, if it is decided. */
function nextToApply(config: MultiConfig, r: ReplicaState): Slot | undefined {
  if (r.decided.has(r.applied + 1)) return r.applied + 1;
  // A replica must wait for every lower slot: what fills a gap may change
  // what a later command reads.
  if (!config.bugs.replicaAppliesOutOfOrder) return undefined;
  for (let i = r.applied + 2; i <= r.decided.max; i++) if (r.decided.has(i)) return i;
  return undefined;
}

function alreadyExecuted(config: MultiConfig, r: ReplicaState, e: Entry): boolean {
  if (e.kind === 'noop') return true;
  // A retried request may be decided in a second slot; executing it again
  // would apply one client operation twice (spec AlreadyExecuted).
  if (config.bugs.duplicateAppliedTwice) return false;
  return (r.lastByClient.get(e.client)?.id ?? 0) >= e.id;
}

/** One slot applied: the replica's state after it, and the answer if it executed a request. */
export function applySlot(config: MultiConfig, r: ReplicaState, slot: Slot): { replica: ReplicaState; reply: Extract<SpecMsg, { type: 'reply' }> | null } {
  const { entry } = r.decided.get(slot)!;
  if (entry.kind === 'noop' || alreadyExecuted(config, r, entry)) return { replica: replicaWith(r, { applied: slot }), reply: null };
  const { state: kv, result } = applyCommand(r.kv, entry.cmd);
  const answer = result.op === 'put' ? (entry.cmd as { value: string }).value : result.value;
  const lastByClient = r.lastByClient.set(entry.client, { id: entry.id, slot, result: answer });
  return {
    replica: replicaWith(r, { applied: slot, kv, executed: r.executed.set(slot, true), lastByClient }),
    reply: { type: 'reply', client: entry.client, id: entry.id, slot, result: answer },
  };
}

/** spec ApplySkip / ApplyExecute, as far as the log is decided; applied is persisted before any answer leaves. */
export function applyDecided(config: MultiConfig, tx: Tx): void {
  const replies: Extract<SpecMsg, { type: 'reply' }>[] = [];
  for (let slot = nextToApply(config, tx.state.replica); slot !== undefined; slot = nextToApply(config, tx.state.replica)) {
    const s = tx.state;
    const { replica, reply } = applySlot(config, s.replica, slot);
    if (reply) replies.push(reply);
    tx.act({ action: reply ? 'ApplyExecute' : 'ApplySkip', s: s.id }, serverWith(s, { replica }), reply ? [reply] : []);
  }
  if (replies.length === 0 && tx.parts.every((p) => p.action.action !== 'ApplySkip')) return;
  tx.out({ kind: 'persist', record: { rec: 'applied', upTo: tx.state.replica.applied } });
  // Only the leader answers: its clients send to it, and every other
  // replica's answer would be a copy the client drops (under load, a third
  // of the servers' and the clients' work).  The spec's ApplyExecute still
  // sends the reply: one that does not leave is a lost message, and a client
  // that lost its answer asks again and gets the same one (cachedReply).
  if (tx.state.leader.phase === 'p2') for (const reply of replies) tx.out({ kind: 'send', to: reply.client, msg: reply });
}

/** A client's request this replica has already executed: the same answer again (the very message sent before). */
export function cachedReply(r: ReplicaState, client: string, id: number): Extract<Message, { type: 'reply' }> | null {
  const last = r.lastByClient.get(client);
  return last && last.id === id ? { type: 'reply', client, id, slot: last.slot, result: last.result } : null;
}

export type { NodeId };
