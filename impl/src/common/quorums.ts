// Quorums and ballots: the two pieces of Paxos that Basic Paxos and
// Multi-Paxos share exactly, so both protocols count votes and number their
// ballots with this one code.

import type { NodeId } from '../basic/messages.ts';

/** Node weights; a quorum holds more than half of the total.  Equal weights give majorities. */
export type Weights = Readonly<Record<NodeId, number>>;

export function totalWeightOf(members: readonly NodeId[], weights: Weights): number {
  let total = 0;
  for (const a of members) total += weights[a] ?? 0;
  return total;
}

/**
 * Whether `voters` (duplicates allowed) hold more than half the weight of
 * `members`.  Any two such sets intersect, which is all that safety needs
 * (spec: QuorumAssumption).
 */
export function holdsQuorum(members: readonly NodeId[], weights: Weights, voters: Iterable<NodeId>): boolean {
  let held = 0;
  const seen = new Set<NodeId>();
  for (const a of voters) {
    // Counting a member once however many of its replies arrived: a
    // duplicated reply must not make a minority look like a quorum.
    if (seen.has(a) || !members.includes(a)) continue;
    seen.add(a);
    held += weights[a] ?? 0;
  }
  return 2 * held > totalWeightOf(members, weights);
}

/**
 * The smallest ballot owned by owner `index` of `owners` that is above
 * `above`.  Ballot b belongs to owner b % owners (spec: Owner): two owners
 * in one ballot could propose two different values in it.
 */
export function nextOwnBallot(owners: number, index: number, above: number): number {
  return index + Math.max(0, Math.floor((above - index) / owners) + 1) * owners;
}

/** Every subset of `members` that holds a quorum: the spec's Quorums, which any superset of a quorum is too. */
export function quorumSubsets(members: readonly NodeId[], weights: Weights): NodeId[][] {
  const out: NodeId[][] = [];
  const n = members.length;
  if (n > 16) throw new Error(`too many members (${n}) to list every quorum`);
  for (let mask = 1; mask < 1 << n; mask++) {
    const set = members.filter((_, i) => (mask >> i) & 1);
    if (holdsQuorum(members, weights, set)) out.push(set);
  }
  return out;
}
