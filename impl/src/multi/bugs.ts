// Seeded bugs of the Multi-Paxos server, for tests of the checkers only:
// each is one switch, read in one place, that breaks one rule the spec
// states.  The trace checker must catch every one (the mutation catalogue).

export interface MultiBugs {
  /** A new leader re-proposes the LOWEST-ballot vote reported in a slot, not the highest. */
  readonly reproposeLowestVote?: boolean;
  /** A leader that learns of a higher ballot jumps above it and keeps proposing, with no phase 1. */
  readonly leaderSkipsPhase1?: boolean;
  /** A replica applies the lowest decided slot above what it applied, gaps or not. */
  readonly replicaAppliesOutOfOrder?: boolean;
  /** A replica executes a retried request again when it is decided in a second slot. */
  readonly duplicateAppliedTwice?: boolean;
  /** A replica counts votes of any ballots in a slot towards a quorum. */
  readonly decideFromMixedBallots?: boolean;
}

export const NO_MULTI_BUGS: MultiBugs = {};

export type MultiBugName = keyof MultiBugs;

export interface MultiBugInfo {
  readonly name: MultiBugName;
  readonly summary: string;
  /** The spec rule the bug breaks, for reports. */
  readonly breaks: string;
}

export const MULTI_BUG_CATALOGUE: readonly MultiBugInfo[] = [
  { name: 'reproposeLowestVote', summary: 'new leader re-proposes the lowest-ballot vote reported', breaks: 'BecomeLeader: lProp = SafeEntries (the highest-ballot vote per slot)' },
  { name: 'leaderSkipsPhase1', summary: 'leader skips phase 1 after a higher ballot was seen', breaks: 'Phase1a/BecomeLeader: a ballot is led only after promises from a quorum' },
  { name: 'replicaAppliesOutOfOrder', summary: 'replica applies a slot before all lower slots are decided', breaks: 'ApplySkip/ApplyExecute: slot applied[s] + 1 only' },
  { name: 'duplicateAppliedTwice', summary: 'a retried request decided in two slots is executed twice', breaks: 'ApplySkip: a request already executed is skipped' },
  { name: 'decideFromMixedBallots', summary: 'a decision is learned from votes of different ballots', breaks: 'Decide: ChosenAt(i, b, e), a quorum of votes in ONE ballot' },
];
