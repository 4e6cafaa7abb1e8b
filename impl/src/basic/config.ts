// What every node of a Basic Paxos deployment must agree on: who plays which
// role, the quorum system, and the timing the proposers use.
import type { Ballot, NodeId } from './messages.ts';
import { NO_BUGS, type Bugs } from './bugs.ts';
import { holdsQuorum, nextOwnBallot, totalWeightOf } from '../common/quorums.ts';

export interface Timing {
  /** How long a proposer waits for its ballot to succeed before giving up on it. */
  roundTimeout: number;
  /** First backoff after a failed ballot; doubled per consecutive failure, capped at backoffMax. */
  backoffBase: number;
  backoffMax: number;
}

export interface PaxosConfig {
  /** Proposer i owns the ballots b with b % proposers.length = i (spec: Owner). */
  readonly proposers: readonly NodeId[];
  readonly acceptors: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /**
   * Quorum weights; a quorum is a set of acceptors holding more than half
   * the total.  Equal weights give majorities.  Any two such sets
   * intersect, which is all that safety needs (spec: QuorumAssumption).
   */
  readonly weights: Readonly<Record<NodeId, number>>;
  readonly timing: Timing;
  /** Seeded bugs, for tests only (bugs.ts). */
  readonly bugs: Bugs;
}

export const DEFAULT_TIMING: Timing = { roundTimeout: 50, backoffBase: 10, backoffMax: 200 };

export function makeConfig(opts: {
  proposers: readonly NodeId[];
  acceptors: readonly NodeId[];
  learners: readonly NodeId[];
  weights?: Readonly<Record<NodeId, number>>;
  timing?: Timing;
  bugs?: Bugs;
}): PaxosConfig {
  const weights = opts.weights ?? Object.fromEntries(opts.acceptors.map((a) => [a, 1]));
  for (const a of opts.acceptors) {
    const w = weights[a];
    if (w === undefined || !Number.isInteger(w) || w < 0) throw new Error(`acceptor ${a} needs a non-negative integer weight`);
  }
  if (opts.proposers.length === 0) throw new Error('a deployment needs at least one proposer');
  if (opts.acceptors.length === 0) throw new Error('a deployment needs at least one acceptor');
  return { proposers: opts.proposers, acceptors: opts.acceptors, learners: opts.learners, weights, timing: opts.timing ?? DEFAULT_TIMING, bugs: opts.bugs ?? NO_BUGS };
}

/** The weight of all the acceptors together; a quorum holds more than half of it. */
export function totalWeight(config: PaxosConfig): number {
  return totalWeightOf(config.acceptors, config.weights);
}

export function isQuorum(config: PaxosConfig, members: Iterable<NodeId>): boolean {
  return holdsQuorum(config.acceptors, config.weights, members);
}

/** spec: Owner(b), as the proposer's node id. */
export function ownerOf(config: PaxosConfig, bal: Ballot): NodeId | undefined {
  return config.proposers[bal % config.proposers.length];
}

/** The smallest ballot owned by proposer `index` that is above `above`. */
export function nextBallot(config: PaxosConfig, index: number, above: Ballot): Ballot {
  // Only the owner may use a ballot (spec Owner(b) = p in Phase1a): two
  // proposers in one ballot could send it two different 2a messages.
  if (config.bugs.ballotsNotUnique) return above + 1;
  return nextOwnBallot(config.proposers.length, index, above);
}

export function isBallot(x: unknown): x is Ballot {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}
