// Inputs and outputs of the Basic Paxos reducers.  A reducer is a pure,
// total function (state, input) -> { state, outputs }; the runtime around it
// does the I/O, honouring the outputs in order: a persist must be durable
// before any send that follows it is let out.
import type { Ballot, Message, NodeId, Value } from './messages.ts';

export type TimerName = 'round' | 'backoff';

export type Input =
  | { kind: 'receive'; from: NodeId; msg: Message }
  /** A timer set by a set-timer output fired; `bal` is the ballot it was set for. */
  | { kind: 'timer'; timer: TimerName; bal: Ballot }
  /** The node restarted after a crash: volatile state is gone, durable state is back. */
  | { kind: 'recover' };

export interface AcceptorDurable {
  readonly maxBal: Ballot;
  readonly maxVBal: Ballot;
  readonly maxVal: Value | null;
}

export interface ProposerDurable {
  /** spec pBal: the highest ballot this proposer has begun. */
  readonly pBal: Ballot;
}

export interface LearnerDurable {
  readonly learned: Value | null;
}

export type Output =
  | { kind: 'persist'; role: 'acceptor'; durable: AcceptorDurable }
  | { kind: 'persist'; role: 'proposer'; durable: ProposerDurable }
  | { kind: 'persist'; role: 'learner'; durable: LearnerDurable }
  | { kind: 'send'; to: NodeId; msg: Message }
  /**
   * Fire `timer` after delay plus a random extra in [0, jitter): the runtime
   * draws the random part, so the reducer stays deterministic and duelling
   * proposers still drift apart.
   */
  | { kind: 'set-timer'; timer: TimerName; bal: Ballot; delay: number; jitter: number }
  /** This learner learned that val is chosen. */
  | { kind: 'learned'; val: Value };

export interface Step<S> {
  readonly state: S;
  readonly outputs: readonly Output[];
}

export const unchanged = <S>(state: S): Step<S> => ({ state, outputs: [] });
