// The leader part of a server (spec Phase1a, BecomeLeader, Propose, and
// Abandon when it stops leading).  It runs phase 1 once for all the slots
// above those its replica has applied (those below are decided, and it
// never proposes there), re-proposes in each such slot the highest-ballot
// vote the promises report, fills the other gaps with no-ops, and then
// gives client requests fresh slots with phase 2 alone, a batch per 2a,
// never past the window.  Only the ballot it began is durable: after a
// crash it leads again only by beginning a higher one.
import { isQuorum, nextBallot, ownerOf, type MultiConfig } from './config.ts';
import { appliedEverywhere, forgetThrough } from './forget.ts';
import { entryChars, NOOP, RUN_CHARS, sameRequest, type Ballot, type Entry, type Message, type NodeId, type Request, type Slot, type Vote } from './messages.ts';
import { decidedPrefix } from './replica.ts';
import { runsOf, SlotMap } from './slot-map.ts';
import { serverWith, type LeaderState, type ServerState } from './state.ts';
import type { SpecMsg, Tx } from './step.ts';

export function initialLeader(lBal: Ballot, maxSeen: Ballot): LeaderState {
  return { lBal, phase: 'idle', from: 1, promises: new Map(), proposals: SlotMap.empty(), gaps: [], next: 1, queue: [], maxSeen, knownLeader: null, failures: 0, progress: new Map() };
}

function withLeader(s: ServerState, leader: LeaderState): ServerState {
  return serverWith(s, { leader });
}

/** What a leader in phase 2 has left to propose: gaps to fill, the next new slot, requests waiting. */
type Pipeline = Pick<LeaderState, 'gaps' | 'next' | 'queue'>;

/**
 * The leader's state with its proposals and what is left to propose
 * replaced: the copies a loaded leader makes per request and per slot,
 * written out field by field (spreads, they were over half of a batch's
 * requests step: see serverWith in state.ts).
 */
function withPipeline(l: LeaderState, proposals: LeaderState['proposals'], p: Pipeline): LeaderState {
  return { lBal: l.lBal, phase: l.phase, from: l.from, promises: l.promises, proposals, gaps: p.gaps, next: p.next, queue: p.queue, maxSeen: l.maxSeen, knownLeader: l.knownLeader, failures: l.failures, progress: l.progress };
}

/** The election timer: a timeout, plus a backoff that doubles with each ballot in a row that failed. */
export function electionTimer(config: MultiConfig, failures: number): { kind: 'set-timer'; timer: 'election'; delay: number; jitter: number } {
  const { electionTimeout, backoffBase, backoffMax } = config.timing;
  const backoff = failures === 0 ? 0 : Math.min(backoffMax, backoffBase * 2 ** (failures - 1));
  return { kind: 'set-timer', timer: 'election', delay: electionTimeout + backoff, jitter: electionTimeout };
}

/** 2a messages for (slot, entry) pairs: one per run of consecutive slots, at most maxBatch entries (and RUN_CHARS) each. */
export function batches(config: MultiConfig, bal: Ballot, proposals: readonly (readonly [Slot, Entry])[]): Message[] {
  return runsOf(proposals, config.maxBatch, undefined, entryChars, RUN_CHARS).map(({ first, values }) => ({ type: '2a', bal, first, entries: values }));
}

function broadcast(config: MultiConfig, tx: Tx, msg: Message): void {
  for (const to of config.servers) tx.out({ kind: 'send', to, msg });
}

/**
 * spec Phase1a(s, b): begin a ballot of one's own above every ballot heard
 * of, asking about the slots above those applied here (the 1a's `from`).
 */
export function beginBallot(config: MultiConfig, tx: Tx): void {
  const s = tx.state;
  const b = nextBallot(config, s.index, Math.max(s.leader.lBal, s.leader.maxSeen));
  const from = s.replica.applied + 1;
  const failures = s.leader.failures + 1;
  const leader: LeaderState = { ...s.leader, lBal: b, phase: 'p1', from, promises: new Map(), proposals: SlotMap.empty(), gaps: [], next: 1, maxSeen: b, failures };
  tx.act({ action: 'Phase1a', s: s.id, b }, withLeader(s, leader), [{ type: '1a', bal: b, from }]);
  // Beginning b twice (after a crash) could put two different proposals
  // in one ballot and slot: b is on disk before anyone hears of it.
  tx.out({ kind: 'persist', record: { rec: 'ballot', lBal: b } }, electionTimer(config, failures));
  broadcast(config, tx, { type: '1a', bal: b, from });
}

/** spec Abandon(s): stop leading (a higher ballot is about); what was proposed in lBal is forgotten. */
export function stepDown(config: MultiConfig, tx: Tx): void {
  const s = tx.state;
  if (s.leader.phase === 'idle') return;
  const leader: LeaderState = { ...s.leader, phase: 'idle', promises: new Map(), proposals: SlotMap.empty(), gaps: [], next: 1, queue: [] };
  tx.act({ action: 'Abandon', s: s.id }, withLeader(s, leader));
  tx.out(electionTimer(config, s.leader.failures));
}

/** Another server's ballot is heard of: remember it, and stop leading a lower one. */
export function onBallotSeen(config: MultiConfig, tx: Tx, bal: Ballot): void {
  const s = tx.state;
  if (bal > s.leader.maxSeen) tx.set(withLeader(s, { ...s.leader, maxSeen: bal }));
  if (bal <= s.leader.lBal || s.leader.phase === 'idle') return;
  if (config.bugs.leaderSkipsPhase1 && s.leader.phase === 'p2') return jumpAbove(config, tx, bal);
  stepDown(config, tx);
}

/** The leaderSkipsPhase1 bug: take a ballot above `bal` and go on proposing in it, as if phase 1 had been run. */
function jumpAbove(config: MultiConfig, tx: Tx, bal: Ballot): void {
  const s = tx.state;
  const b = nextBallot(config, s.index, bal);
  const from = s.replica.applied + 1;
  tx.act({ action: 'Phase1a', s: s.id, b }, withLeader(s, { ...s.leader, lBal: b, from, maxSeen: b }), [{ type: '1a', bal: b, from }]);
  tx.out({ kind: 'persist', record: { rec: 'ballot', lBal: b } });
  for (const m of batches(config, b, undecidedProposals(tx.state))) broadcast(config, tx, m);
}

/** The vote a new leader must re-propose in a slot: the highest-ballot one reported. */
function safeVote(config: MultiConfig, a: Vote | undefined, b: Vote): Vote {
  if (a === undefined) return b;
  const higher = config.bugs.reproposeLowestVote ? b.bal < a.bal : b.bal > a.bal;
  return higher ? b : a;
}

/** A promise for the ballot being begun; with a quorum of them, lead it. */
export function onPromise(config: MultiConfig, tx: Tx, msg: Extract<Message, { type: '1b' }>): void {
  const s = tx.state;
  if (s.leader.phase !== 'p1' || msg.bal !== s.leader.lBal) return;
  const promises = new Map(s.leader.promises).set(msg.acc, msg.votes);
  tx.set(withLeader(s, { ...s.leader, promises }));
  if (isQuorum(config, promises.keys())) becomeLeader(config, tx);
}

/**
 * spec BecomeLeader(s, Q): re-propose every reported vote above the applied
 * slots at once; the gaps between get no-ops later.  Slots applied here
 * (even those applied since the 1a was sent, which the promises may cover)
 * are decided: proposing there would be no spec step, and is never needed.
 */
function becomeLeader(config: MultiConfig, tx: Tx): void {
  const s = tx.state;
  const { lBal, promises } = s.leader;
  const low = s.replica.applied;
  const safe = new Map<Slot, Vote>();
  for (const votes of promises.values()) for (const v of votes) if (v.slot > low) safe.set(v.slot, safeVote(config, safe.get(v.slot), v));
  const reproposals = [...safe.values()].sort((x, y) => x.slot - y.slot).map((v) => [v.slot, v.entry] as const);
  const top = reproposals.at(-1)?.[0] ?? low;
  const gaps: Slot[] = [];
  for (let i = low + 1; i <= top; i++) if (!safe.has(i)) gaps.push(i);
  const Q = config.servers.filter((a) => promises.has(a));
  const leader: LeaderState = { ...s.leader, phase: 'p2', promises: new Map(), proposals: SlotMap.of(reproposals), gaps, next: top + 1, knownLeader: s.id, failures: 0, progress: new Map() };
  const sent: SpecMsg[] = reproposals.map(([slot, entry]) => ({ type: '2a', bal: lBal, slot, entry }));
  tx.act({ action: 'BecomeLeader', s: s.id, Q }, withLeader(s, leader), sent);
  for (const m of batches(config, lBal, reproposals)) broadcast(config, tx, m);
  tx.out({ kind: 'set-timer', timer: 'heartbeat', delay: 0, jitter: 0 });
  advance(config, tx);
}

/** spec Propose(s, i, e) for every gap and queued request that fits in the window, sent in batches. */
export function advance(config: MultiConfig, tx: Tx): void {
  const start = tx.state;
  if (start.leader.phase !== 'p2') return;
  const { applied } = start.replica;
  const limit = applied + config.window;
  // Slots this replica has applied since becoming leader (decided in a
  // higher ballot and learnt here) are no longer ours to propose in: the
  // spec's Propose acts only above applied[s].
  if (start.leader.next <= applied || (start.leader.gaps[0] ?? Infinity) <= applied) {
    tx.set(withLeader(start, { ...start.leader, next: Math.max(start.leader.next, applied + 1), gaps: start.leader.gaps.filter((i) => i > applied) }));
  }
  const proposed: [Slot, Entry][] = [];
  // `rest`: what is left to propose after e (a gap's no-op, or the queue's head).
  const propose = (i: Slot, e: Entry, rest: Pipeline) => {
    const s = tx.state;
    tx.act({ action: 'Propose', s: s.id, i, e }, withLeader(s, withPipeline(s.leader, s.leader.proposals.set(i, e), rest)), [{ type: '2a', bal: s.leader.lBal, slot: i, entry: e }]);
    proposed.push([i, e]);
  };
  // A gap below what other slots hold must be filled, or no replica gets past it.
  while (tx.state.leader.gaps.length > 0 && tx.state.leader.gaps[0]! <= limit) {
    const { gaps, next, queue } = tx.state.leader;
    propose(gaps[0]!, NOOP, { gaps: gaps.slice(1), next, queue });
  }
  // Batching: while earlier proposals are still undecided, requests wait
  // until a full batch has gathered; the first request of a quiet spell
  // goes at once.  Under load, one 2a (and one disk write per acceptor)
  // then carries many commands.
  const inFlight = start.leader.next - 1 - decidedPrefix(start.replica);
  if (inFlight > 0 && start.leader.queue.length < config.maxBatch) return sendProposed(config, tx, start.leader.lBal, proposed);
  while (tx.state.leader.queue.length > 0 && tx.state.leader.next <= limit) {
    const { gaps, next, queue } = tx.state.leader;
    const { client, id, cmd } = queue[0]!;
    propose(next, { kind: 'request', client, id, cmd }, { gaps, next: next + 1, queue: queue.slice(1) });
  }
  sendProposed(config, tx, start.leader.lBal, proposed);
}

function sendProposed(config: MultiConfig, tx: Tx, bal: Ballot, proposed: [Slot, Entry][]): void {
  for (const m of batches(config, bal, proposed.sort((x, y) => x[0] - y[0]))) broadcast(config, tx, m);
}

/**
 * Whether `found` holds for some proposal of this leader in a slot its
 * replica has not seen decided, tried in slot order.  A callback, not a
 * generator or a list: pending() runs this for every request, and a
 * generator made a batch of 64 requests with 64 in flight 1.5 times dearer.
 */
function someUndecided(s: ServerState, found: (slot: Slot, e: Entry) => boolean): boolean {
  // Only slots above the decided prefix can be undecided: walking just
  // those keeps a heartbeat's cost to the pipeline, not the log.
  for (let i = decidedPrefix(s.replica) + 1; i <= s.leader.proposals.max; i++) {
    const e = s.leader.proposals.get(i);
    if (e !== undefined && !s.replica.decided.has(i) && found(i, e)) return true;
  }
  return false;
}

/** What this leader proposed in slots its replica has not seen decided: resent while it leads. */
export function undecidedProposals(s: ServerState): [Slot, Entry][] {
  const out: [Slot, Entry][] = [];
  someUndecided(s, (slot, e) => (out.push([slot, e]), false));
  return out;
}

/** Whether this request is queued or proposed and not yet decided: a retry must not take a second slot. */
function pending(s: ServerState, r: Request): boolean {
  if (s.leader.queue.some((q) => sameRequest(q, r))) return true;
  return someUndecided(s, (_, e) => e.kind === 'request' && sameRequest(e, r));
}

/** A client request reaching this server: lead it into a slot (now, or when the caller advances), keep it while campaigning, or redirect. */
export function onClientRequest(config: MultiConfig, tx: Tx, from: NodeId, r: Request, proposeNow = true): void {
  const s = tx.state;
  if (s.leader.phase === 'idle') {
    tx.out({ kind: 'send', to: from, msg: { type: 'redirect', client: r.client, id: r.id, leader: s.leader.knownLeader } });
    return;
  }
  if (pending(s, r)) return;
  const { gaps, next, queue, proposals } = s.leader;
  tx.set(withLeader(s, withPipeline(s.leader, proposals, { gaps, next, queue: [...queue, r] })));
  if (proposeNow) advance(config, tx);
}

/** The heartbeat timer: a leader tells the others it is alive and resends what is not decided. */
export function onHeartbeatTimer(config: MultiConfig, tx: Tx): void {
  const s = tx.state;
  // The same 1a again (the same `from`): another would be no spec message.
  if (s.leader.phase === 'p1') broadcast(config, tx, { type: '1a', bal: s.leader.lBal, from: s.leader.from });
  if (s.leader.phase !== 'p2') return;
  const forgetUpTo = appliedEverywhere(config, s);
  forgetThrough(tx, forgetUpTo);
  const beat: Message = { type: 'heartbeat', bal: s.leader.lBal, decidedUpTo: decidedPrefix(s.replica), forgetUpTo };
  for (const to of config.servers) if (to !== s.id) tx.out({ kind: 'send', to, msg: beat });
  for (const m of batches(config, s.leader.lBal, undecidedProposals(tx.state))) broadcast(config, tx, m);
  tx.out({ kind: 'set-timer', timer: 'heartbeat', delay: config.timing.heartbeat, jitter: 0 });
}

/** News of a leader at least as high as any ballot heard of: follow it, and do not stand for election yet. */
export function onLeaderAlive(config: MultiConfig, tx: Tx, bal: Ballot): void {
  onBallotSeen(config, tx, bal);
  const s = tx.state;
  if (bal < s.leader.maxSeen || ownerOf(config, bal) === s.id) return;
  tx.set(withLeader(s, { ...s.leader, knownLeader: ownerOf(config, bal), failures: 0 }));
  tx.out(electionTimer(config, 0));
}

/** A candidate's 1a: give it a timeout's chance before standing against it. */
export function onCandidate(config: MultiConfig, tx: Tx, bal: Ballot): void {
  onBallotSeen(config, tx, bal);
  const s = tx.state;
  if (ownerOf(config, bal) !== s.id && bal === s.leader.maxSeen && s.leader.phase === 'idle') tx.out(electionTimer(config, s.leader.failures));
}
