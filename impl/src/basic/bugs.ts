// Test-only switches that seed classic Paxos bugs into the reducers, so that
// the explorer, the simulator and the trace checker can be shown to catch
// them.  Production configurations never set any; a switch is read in
// exactly one place, next to the check it disables.
export interface Bugs {
  /** The acceptor votes in a ballot below the one it promised. */
  readonly acceptBelowPromise?: boolean;
  /** The acceptor sends its promise without persisting it, so a crash forgets it. */
  readonly promiseNotPersisted?: boolean;
  /** The acceptor's promise reports no vote (NO_BALLOT, null) even when it has voted. */
  readonly promiseOmitsVote?: boolean;
  /** The proposer proposes its own client value, ignoring the votes its promises report. */
  readonly proposeOwnValue?: boolean;
  /** The proposer adopts the lowest-ballot vote its promises report instead of the highest. */
  readonly proposeLowestVote?: boolean;
  /** The proposer counts every 1b reply towards its quorum, duplicates included. */
  readonly quorumCountsDuplicates?: boolean;
  /** Proposers number ballots highest-seen + 1, so two of them may use the same ballot. */
  readonly ballotsNotUnique?: boolean;
  /** The learner learns on the first vote it hears. */
  readonly learnerMinority?: boolean;
  /** The learner adds up votes for a value cast in different ballots. */
  readonly learnerMixesBallots?: boolean;
}

export const NO_BUGS: Bugs = Object.freeze({});

export interface BugEntry {
  readonly name: keyof Bugs;
  /** Its name on the command line (--bug). */
  readonly flag: string;
  /** The classic bug, and the spec guard it breaks. */
  readonly description: string;
}

// Keyed by switch, so that a switch missing from the catalogue is a compile error.
const ENTRIES: { readonly [K in keyof Required<Bugs>]: Omit<BugEntry, 'name'> } = {
  acceptBelowPromise: {
    flag: 'accept-below-promise',
    description: 'An acceptor votes in a ballot below the one it promised: Phase2b without its guard b >= maxBal[a].',
  },
  promiseNotPersisted: {
    flag: 'promise-not-persisted',
    description:
      'An acceptor sends its promise before it is on disk, so a crash rolls maxBal[a] back, which no spec action does, and it may then vote against the forgotten promise (Phase2b needs b >= maxBal[a]).',
  },
  promiseOmitsVote: {
    flag: 'promise-omits-vote',
    description: 'An acceptor’s promise reports no vote even when it has voted: Phase1b must send Msg1b(a, b, maxVBal[a], maxVal[a]).',
  },
  proposeOwnValue: {
    flag: 'propose-own-value',
    description: 'A proposer proposes its client’s value whatever votes the promises report: Phase2a without SafeToPropose.',
  },
  proposeLowestVote: {
    flag: 'propose-lowest-vote',
    description: 'A proposer adopts the lowest-ballot vote reported instead of the highest: Phase2a without SafeToPropose.',
  },
  quorumCountsDuplicates: {
    flag: 'quorum-counts-duplicates',
    description: 'A proposer counts duplicated promises, so a minority of acceptors looks like a quorum: Phase2a without PromisedByQuorum.',
  },
  ballotsNotUnique: {
    flag: 'ballots-not-unique',
    description: 'Proposers number ballots highest-seen + 1, so two may begin the same ballot: Phase1a without its guard Owner(b) = p.',
  },
  learnerMinority: {
    flag: 'learner-minority',
    description: 'A learner learns from the first vote it hears, a minority: Learn without ChosenAt(b, v).',
  },
  learnerMixesBallots: {
    flag: 'learner-mixes-ballots',
    description: 'A learner adds up votes for a value cast in different ballots: Learn without ChosenAt(b, v), which needs a quorum in one ballot.',
  },
};

/** Every switch, with its command-line name: the one list the CLI and the trace-checker tests read. */
export const BUG_CATALOGUE: readonly BugEntry[] = Object.freeze(
  (Object.keys(ENTRIES) as (keyof Bugs)[]).map((name) => Object.freeze({ name, ...ENTRIES[name] })),
);
