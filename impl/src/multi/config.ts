// What every server of a Multi-Paxos deployment must agree on: the servers
// (each is proposer, acceptor, learner and replica), their quorum weights,
// how far a leader may run ahead, and the timing that drives elections.
import { holdsQuorum, nextOwnBallot, type Weights } from '../common/quorums.ts';
import { NO_MULTI_BUGS, type MultiBugs } from './bugs.ts';
import type { Ballot, NodeId } from './messages.ts';

export interface MultiTiming {
  /** How often a leader tells the others it is alive (and retransmits what is not decided). */
  readonly heartbeat: number;
  /** How long a follower waits without news of a leader before it begins a ballot. */
  readonly electionTimeout: number;
  /** Extra wait after a failed ballot: doubled per consecutive failure, capped at backoffMax. */
  readonly backoffBase: number;
  readonly backoffMax: number;
}

export interface MultiConfig {
  /** Server i owns the ballots b with b % servers.length = i (spec: Owner). */
  readonly servers: readonly NodeId[];
  readonly weights: Weights;
  /** spec Window: a leader proposes only in slots up to applied + window. */
  readonly window: number;
  /** At most this many commands go out in one 2a. */
  readonly maxBatch: number;
  readonly timing: MultiTiming;
  readonly bugs: MultiBugs;
}

export const DEFAULT_MULTI_TIMING: MultiTiming = { heartbeat: 20, electionTimeout: 100, backoffBase: 20, backoffMax: 400 };

export function makeMultiConfig(opts: {
  servers: readonly NodeId[];
  weights?: Weights;
  window?: number | undefined;
  maxBatch?: number | undefined;
  timing?: MultiTiming | undefined;
  bugs?: MultiBugs | undefined;
}): MultiConfig {
  if (opts.servers.length === 0) throw new Error('a deployment needs at least one server');
  if (new Set(opts.servers).size !== opts.servers.length) throw new Error('server names must be distinct');
  const weights = opts.weights ?? Object.fromEntries(opts.servers.map((s) => [s, 1]));
  for (const s of opts.servers) {
    const w = weights[s];
    if (w === undefined || !Number.isInteger(w) || w < 0) throw new Error(`server ${s} needs a non-negative integer weight`);
  }
  const window = opts.window ?? 32;
  const maxBatch = opts.maxBatch ?? 16;
  if (!Number.isInteger(window) || window < 1) throw new Error('window must be an integer >= 1');
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error('maxBatch must be an integer >= 1');
  return { servers: opts.servers, weights, window, maxBatch, timing: opts.timing ?? DEFAULT_MULTI_TIMING, bugs: opts.bugs ?? NO_MULTI_BUGS };
}

export function isQuorum(config: MultiConfig, voters: Iterable<NodeId>): boolean {
  return holdsQuorum(config.servers, config.weights, voters);
}

/** spec Owner(b), as the server's name. */
export function ownerOf(config: MultiConfig, bal: Ballot): NodeId {
  return config.servers[bal % config.servers.length]!;
}

/** The smallest ballot of server `index` above `above`. */
export function nextBallot(config: MultiConfig, index: number, above: Ballot): Ballot {
  return nextOwnBallot(config.servers.length, index, above);
}
