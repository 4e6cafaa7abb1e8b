// Test-only switches that seed classic Paxos bugs into the reducers, so that
// the explorer, the simulator and (later) the trace checker can be shown to
// catch them.  Production configurations never set any; a switch is read in
// exactly one place, next to the check it disables.
export interface Bugs {
  /** The acceptor votes in a ballot below the one it promised. */
  readonly acceptBelowPromise?: boolean;
}

export const NO_BUGS: Bugs = Object.freeze({});
