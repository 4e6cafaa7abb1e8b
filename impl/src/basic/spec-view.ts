// The refinement mapping: from the implementation's state to the variables
// of spec/Paxos.tla.  One small function per role, plus the safety
// properties evaluated on the result, which the simulator and the explorer
// check after every step.  (The trace checker checks the same steps against
// the TLA+ text itself; this is the fast, in-process version.)
import { quorumSubsets } from '../common/quorums.ts';
import { isQuorum, type PaxosConfig } from './config.ts';
import type { Ballot, NodeId, SpecMessage, Value } from './messages.ts';
import type { AcceptorState } from './acceptor.ts';
import type { ProposerState } from './proposer.ts';
import type { LearnerState } from './learner.ts';
import type { ServerState } from './server.ts';

/** spec maxBal[a], maxVBal[a], maxVal[a] (None is null). */
export const acceptorVars = (a: AcceptorState) => ({ maxBal: a.durable.maxBal, maxVBal: a.durable.maxVBal, maxVal: a.durable.maxVal });

/** spec pBal[p] and pPreparing[p]: in phase 1 of pBal, so still free to send its 2a. */
export const proposerVars = (p: ProposerState) => ({ pBal: p.durable.pBal, pPreparing: p.round.phase === 'phase1' });

/** spec learned[l]. */
export const learnerVars = (l: LearnerState) => ({ learned: l.durable.learned });

export interface SpecState {
  /** The spec's msgs, keyed by specMessageKey. */
  readonly msgs: ReadonlyMap<string, SpecMessage>;
  readonly maxBal: Readonly<Record<NodeId, Ballot>>;
  readonly maxVBal: Readonly<Record<NodeId, Ballot>>;
  readonly maxVal: Readonly<Record<NodeId, Value | null>>;
  /** Indexed by proposer number (its position in config.proposers), as in the spec. */
  readonly pBal: Readonly<Record<number, Ballot>>;
  readonly pPreparing: Readonly<Record<number, boolean>>;
  readonly learned: Readonly<Record<NodeId, Value | null>>;
}

/** A key equal for equal spec messages: the record's fields in the spec's field order. */
export function specMessageKey(m: SpecMessage): string {
  switch (m.type) {
    case 'request':
      return `request|${m.val}`;
    case '1a':
      return `1a|${m.bal}`;
    case '1b':
      return `1b|${m.acc}|${m.bal}|${m.mbal}|${m.mval ?? ''}`;
    case '2a':
      return `2a|${m.bal}|${m.val}`;
    case '2b':
      return `2b|${m.acc}|${m.bal}|${m.val}`;
  }
}

export function specState(config: PaxosConfig, nodes: Iterable<ServerState>, msgs: ReadonlyMap<string, SpecMessage>): SpecState {
  const s = { msgs, maxBal: {}, maxVBal: {}, maxVal: {}, pBal: {}, pPreparing: {}, learned: {} } as {
    msgs: ReadonlyMap<string, SpecMessage>;
    maxBal: Record<NodeId, Ballot>;
    maxVBal: Record<NodeId, Ballot>;
    maxVal: Record<NodeId, Value | null>;
    pBal: Record<number, Ballot>;
    pPreparing: Record<number, boolean>;
    learned: Record<NodeId, Value | null>;
  };
  for (const n of nodes) {
    if (n.acceptor) {
      const v = acceptorVars(n.acceptor);
      s.maxBal[n.id] = v.maxBal;
      s.maxVBal[n.id] = v.maxVBal;
      s.maxVal[n.id] = v.maxVal;
    }
    if (n.proposer) {
      const v = proposerVars(n.proposer);
      s.pBal[config.proposers.indexOf(n.id)] = v.pBal;
      s.pPreparing[config.proposers.indexOf(n.id)] = v.pPreparing;
    }
    if (n.learner) s.learned[n.id] = learnerVars(n.learner).learned;
  }
  return s;
}

/** spec Chosen: values voted for by a quorum in one ballot. */
export function chosenValues(config: PaxosConfig, msgs: Iterable<SpecMessage>): Set<Value> {
  const voters = new Map<string, Set<NodeId>>();
  for (const m of msgs) {
    if (m.type !== '2b') continue;
    const key = `${m.bal}|${m.val}`;
    const set = voters.get(key) ?? new Set<NodeId>();
    set.add(m.acc);
    voters.set(key, set);
  }
  const chosen = new Set<Value>();
  for (const [key, accs] of voters) if (isQuorum(config, accs)) chosen.add(key.slice(key.indexOf('|') + 1));
  return chosen;
}

export type SafetyViolation =
  | { property: 'Agreement'; chosen: Value[] }
  | { property: 'Validity'; value: Value }
  | { property: 'LearnedIsChosen'; learner: NodeId; value: Value };

/**
 * spec Agreement and Validity, which depend on msgs alone, with the chosen
 * set they are computed from (callers that keep msgs can keep this too).
 */
export function networkSafety(config: PaxosConfig, msgs: ReadonlyMap<string, SpecMessage>): { violation: SafetyViolation | null; chosen: Set<Value> } {
  const chosen = chosenValues(config, msgs.values());
  if (chosen.size > 1) return { violation: { property: 'Agreement', chosen: [...chosen].sort() }, chosen };
  for (const v of chosen) if (!msgs.has(`request|${v}`)) return { violation: { property: 'Validity', value: v }, chosen };
  return { violation: null, chosen };
}

/** spec LearnedIsChosen, given the chosen set. */
export function learnedViolation(chosen: ReadonlySet<Value>, learned: Iterable<[NodeId, Value | null]>): SafetyViolation | null {
  for (const [learner, value] of learned) {
    if (value !== null && !chosen.has(value)) return { property: 'LearnedIsChosen', learner, value };
  }
  return null;
}

/** spec Agreement, Validity and LearnedIsChosen, on a spec state; null when all hold. */
export function checkSafety(config: PaxosConfig, s: SpecState): SafetyViolation | null {
  const net = networkSafety(config, s.msgs);
  return net.violation ?? learnedViolation(net.chosen, Object.entries(s.learned));
}

export function describeViolation(v: SafetyViolation): string {
  switch (v.property) {
    case 'Agreement':
      return `Agreement violated: ${v.chosen.join(' and ')} are both chosen`;
    case 'Validity':
      return `Validity violated: ${v.value} is chosen but no client requested it`;
    case 'LearnedIsChosen':
      return `LearnedIsChosen violated: learner ${v.learner} learned ${v.value}, which is not chosen`;
  }
}

/**
 * The entries of the spec's variables that one node owns, after a step, as
 * a trace line records them (trace-check/trace.schema.json): for each
 * function-valued variable, argument -> value.  Proposers are numbered, as
 * in the spec; acceptors and learners are named.
 */
export function nodeSpecVars(config: PaxosConfig, s: ServerState): Record<string, Record<string, Ballot | Value | boolean | null>> {
  const out: Record<string, Record<string, Ballot | Value | boolean | null>> = {};
  if (s.proposer) {
    const p = String(config.proposers.indexOf(s.id));
    const v = proposerVars(s.proposer);
    out.pBal = { [p]: v.pBal };
    out.pPreparing = { [p]: v.pPreparing };
  }
  if (s.acceptor) {
    const v = acceptorVars(s.acceptor);
    out.maxBal = { [s.id]: v.maxBal };
    out.maxVBal = { [s.id]: v.maxVBal };
    out.maxVal = { [s.id]: v.maxVal };
  }
  if (s.learner) out.learned = { [s.id]: learnerVars(s.learner).learned };
  return out;
}

/** Every set of acceptors that is a quorum: the spec's Quorums for this deployment. */
export function quorumSets(config: PaxosConfig): NodeId[][] {
  return quorumSubsets(config.acceptors, config.weights);
}

/** The spec's constants that a deployment fixes (Values and MaxBallot come from each run). */
export function specConstants(config: PaxosConfig): { Acceptors: NodeId[]; Quorums: NodeId[][]; NumProposers: number; Learners: NodeId[] } {
  return { Acceptors: [...config.acceptors], Quorums: quorumSets(config), NumProposers: config.proposers.length, Learners: [...config.learners] };
}
