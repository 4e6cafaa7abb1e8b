// The proposer (spec: Phase1a, Phase2a, Abandon).  Durable: the highest
// ballot it has begun, persisted before its 1a is sent, so that after a
// crash it never begins a ballot it may already have used.  Everything else
// is volatile and lost in a crash.
import { match, P } from 'ts-pattern';
import { isQuorum, nextBallot, totalWeight, type PaxosConfig } from './config.ts';
import { NO_BALLOT, type Ballot, type Message, type NodeId, type Value } from './messages.ts';
import { unchanged, type Input, type Output, type ProposerDurable, type Step } from './io.ts';

export interface Promise1b {
  readonly mbal: Ballot;
  readonly mval: Value | null;
}

export type Round =
  /** No ballot under way: at start, after a crash, or waiting to retry. */
  | { readonly phase: 'idle' }
  /** spec pPreparing: 1a sent for pBal, collecting promises. */
  | Phase1
  /** The one 2a of ballot pBal is sent; waiting for the decision. */
  | { readonly phase: 'phase2'; readonly val: Value }
  /** A learner reported the decision: nothing left to do but pass it on. */
  | { readonly phase: 'decided'; readonly bal: Ballot; readonly val: Value };

export interface Phase1 {
  readonly phase: 'phase1';
  /** One promise per acceptor: a duplicate replaces, never adds. */
  readonly promises: Readonly<Record<NodeId, Promise1b>>;
  /** Under the quorumCountsDuplicates bug only: the weight of every 1b received, duplicates included. */
  readonly replies?: number;
}

export interface ProposerState {
  readonly id: NodeId;
  /** Position in config.proposers: the low part of its ballots. */
  readonly index: number;
  readonly durable: ProposerDurable;
  /** The client value it proposes when the promises leave it free to choose. */
  readonly value: Value | null;
  /** The highest ballot nacks have reported, so that the next ballot overtakes it. */
  readonly highestSeen: Ballot;
  /** Consecutive failed ballots, for the exponential backoff. */
  readonly failures: number;
  readonly round: Round;
}

export const initialProposerDurable: ProposerDurable = { pBal: NO_BALLOT };

export function recoverProposer(config: PaxosConfig, id: NodeId, durable: ProposerDurable): ProposerState {
  const index = config.proposers.indexOf(id);
  if (index < 0) throw new Error(`${id} is not a proposer of this configuration`);
  return { id, index, durable, value: null, highestSeen: NO_BALLOT, failures: 0, round: { phase: 'idle' } };
}

export function initProposer(config: PaxosConfig, id: NodeId): ProposerState {
  return recoverProposer(config, id, initialProposerDurable);
}

export function proposerStep(config: PaxosConfig, s: ProposerState, input: Input): Step<ProposerState> {
  return match(input)
    .with({ kind: 'receive' }, ({ msg }) => onMessage(config, s, msg))
    .with({ kind: 'timer', timer: 'round' }, ({ bal }) =>
      bal === s.durable.pBal && (s.round.phase === 'phase1' || s.round.phase === 'phase2') ? giveUp(config, s) : unchanged(s),
    )
    .with({ kind: 'timer', timer: 'backoff' }, ({ bal }) =>
      bal === s.durable.pBal && s.round.phase === 'idle' && s.value !== null ? beginBallot(config, s) : unchanged(s),
    )
    .with({ kind: 'recover' }, () => unchanged(recoverProposer(config, s.id, s.durable)))
    .exhaustive();
}

function onMessage(config: PaxosConfig, s: ProposerState, msg: Message): Step<ProposerState> {
  return match(msg)
    .with({ type: 'request' }, ({ val }) => onRequest(config, s, val))
    .with({ type: '1b' }, (m) => onPromise(config, s, m.acc, m.bal, { mbal: m.mbal, mval: m.mval }))
    .with({ type: 'nack' }, ({ bal, promised }) => onNack(config, s, bal, promised))
    .with({ type: 'decided' }, ({ bal, val }) => unchanged<ProposerState>({ ...s, round: { phase: 'decided', bal, val } }))
    .with({ type: P.union('1a', '2a', '2b') }, () => unchanged(s))
    .exhaustive();
}

function onRequest(config: PaxosConfig, s: ProposerState, val: Value): Step<ProposerState> {
  if (s.round.phase === 'decided') {
    // A client still asking means some learner may not know yet: tell them all.
    const { bal, val: chosen } = s.round;
    return { state: s, outputs: config.learners.map((to): Output => ({ kind: 'send', to, msg: { type: 'decided', bal, val: chosen } })) };
  }
  if (s.value !== null) return unchanged(s);
  const next = { ...s, value: val };
  // Idle and not backing off: start at once.  In phase 1 the promises may
  // already form a quorum that left the choice of value free.
  if (s.round.phase === 'idle' && s.failures === 0) return beginBallot(config, next);
  if (s.round.phase === 'phase1') return tryPropose(config, next, s.round);
  return unchanged(next);
}

/** spec Phase1a(p, b): a ballot of its own, above every ballot it has begun or heard of. */
function beginBallot(config: PaxosConfig, s: ProposerState): Step<ProposerState> {
  const bal = nextBallot(config, s.index, Math.max(s.durable.pBal, s.highestSeen));
  const durable = { pBal: bal };
  const outputs: Output[] = [
    // Durable before the 1a leaves: a proposer that restarted and began bal
    // again could send a second, different 2a in it.
    { kind: 'persist', role: 'proposer', durable },
    ...config.acceptors.map((to): Output => ({ kind: 'send', to, msg: { type: '1a', bal } })),
    { kind: 'set-timer', timer: 'round', bal, delay: config.timing.roundTimeout, jitter: 0 },
  ];
  return { state: { ...s, durable, round: { phase: 'phase1', promises: {} } }, outputs };
}

function onPromise(config: PaxosConfig, s: ProposerState, acc: NodeId, bal: Ballot, p: Promise1b): Step<ProposerState> {
  if (s.round.phase !== 'phase1' || bal !== s.durable.pBal || !config.acceptors.includes(acc)) return unchanged(s);
  const promises = { ...s.round.promises, [acc]: p };
  // Keyed by acceptor, so that a duplicated 1b replaces its first copy:
  // counting replies instead lets a minority look like a quorum (spec
  // PromisedByQuorum).
  if (!config.bugs.quorumCountsDuplicates) return tryPropose(config, s, { phase: 'phase1', promises });
  return tryPropose(config, s, { phase: 'phase1', promises, replies: (s.round.replies ?? 0) + (config.weights[acc] ?? 0) });
}

/**
 * spec Phase2a(p, Q, v): with promises from a quorum, propose the value of
 * the highest-ballot vote they report, or the client's value if none voted.
 */
function tryPropose(config: PaxosConfig, s: ProposerState, round: Phase1): Step<ProposerState> {
  const collecting: ProposerState = { ...s, round };
  // replies exists only under the quorumCountsDuplicates bug (onPromise).
  const quorum = round.replies === undefined ? isQuorum(config, Object.keys(round.promises)) : 2 * round.replies > totalWeight(config);
  if (!quorum) return unchanged(collecting);
  // A value chosen, or still choosable, below this ballot can only be the
  // highest vote reported: proposing anything else could choose a second value.
  let highest: Promise1b | undefined;
  for (const p of Object.values(round.promises)) {
    if (p.mbal !== NO_BALLOT && (!highest || (config.bugs.proposeLowestVote ? p.mbal < highest.mbal : p.mbal > highest.mbal))) highest = p;
  }
  const val = highest && !(config.bugs.proposeOwnValue && s.value !== null) ? highest.mval : s.value;
  if (val === null) return unchanged(collecting); // free to choose, but no client has asked for anything yet
  const bal = s.durable.pBal;
  return {
    state: { ...s, round: { phase: 'phase2', val } },
    outputs: config.acceptors.map((to): Output => ({ kind: 'send', to, msg: { type: '2a', bal, val } })),
  };
}

function onNack(config: PaxosConfig, s: ProposerState, bal: Ballot, promised: Ballot): Step<ProposerState> {
  const seen = { ...s, highestSeen: Math.max(s.highestSeen, promised) };
  const current = bal === s.durable.pBal && (s.round.phase === 'phase1' || s.round.phase === 'phase2');
  return current ? giveUp(config, seen) : unchanged(seen);
}

/** spec Abandon(p) when in phase 1: stop working on pBal, retry later with a higher ballot. */
function giveUp(config: PaxosConfig, s: ProposerState): Step<ProposerState> {
  const failures = s.failures + 1;
  const { backoffBase, backoffMax } = config.timing;
  const delay = Math.min(backoffMax, backoffBase * 2 ** Math.min(failures - 1, 20));
  return {
    state: { ...s, failures, round: { phase: 'idle' } },
    // The random part of the backoff, drawn by the runtime, is what lets one
    // of two duelling proposers get a ballot through before the other pre-empts it.
    outputs: [{ kind: 'set-timer', timer: 'backoff', bal: s.durable.pBal, delay, jitter: delay }],
  };
}
