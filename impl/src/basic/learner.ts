// The learner (spec: Learn).  It learns a value when a quorum of acceptors
// has voted for it in one ballot, then tells the proposers.  What it learned
// is durable: a learner that told anyone must not forget it.
import { match, P } from 'ts-pattern';
import { isQuorum, type PaxosConfig } from './config.ts';
import type { Ballot, Message, NodeId, Value } from './messages.ts';
import { unchanged, type Input, type LearnerDurable, type Output, type Step } from './io.ts';

export interface LearnerState {
  readonly id: NodeId;
  readonly durable: LearnerDurable;
  /** Votes heard so far, per ballot: votes[bal][acc] = val. */
  readonly votes: Readonly<Record<Ballot, Readonly<Record<NodeId, Value>>>>;
}

export const initialLearnerDurable: LearnerDurable = { learned: null };

export function recoverLearner(id: NodeId, durable: LearnerDurable): LearnerState {
  return { id, durable, votes: {} };
}

export function initLearner(id: NodeId): LearnerState {
  return recoverLearner(id, initialLearnerDurable);
}

export function learnerStep(config: PaxosConfig, s: LearnerState, input: Input): Step<LearnerState> {
  return match(input)
    .with({ kind: 'receive' }, ({ msg }) => onMessage(config, s, msg))
    .with({ kind: 'timer' }, () => unchanged(s))
    .with({ kind: 'recover' }, () => unchanged(recoverLearner(s.id, s.durable)))
    .exhaustive();
}

function onMessage(config: PaxosConfig, s: LearnerState, msg: Message): Step<LearnerState> {
  return match(msg)
    .with({ type: '2b' }, ({ acc, bal, val }) => onVote(config, s, acc, bal, val))
    .with({ type: 'decided' }, ({ bal, val }) => (s.durable.learned === null ? learn(config, s, bal, val) : unchanged(s)))
    .with({ type: P.union('request', '1a', '1b', '2a', 'nack') }, () => unchanged(s))
    .exhaustive();
}

/** spec Learn(l, b, v). */
function onVote(config: PaxosConfig, s: LearnerState, acc: NodeId, bal: Ballot, val: Value): Step<LearnerState> {
  if (s.durable.learned !== null || !config.acceptors.includes(acc)) return unchanged(s);
  const inBallot = { ...(s.votes[bal] ?? {}), [acc]: val };
  const votes = { ...s.votes, [bal]: inBallot };
  // Only votes for val in this one ballot count: a quorum assembled across
  // ballots does not make a value chosen.
  const counted = config.bugs.learnerMixesBallots ? Object.values(votes) : [inBallot];
  const voters = counted.flatMap((byAcc) => Object.keys(byAcc).filter((a) => byAcc[a] === val));
  // A value is chosen only once a quorum has voted for it (spec ChosenAt):
  // a value only a minority voted for may never be chosen, and another may.
  if (!isQuorum(config, voters) && !config.bugs.learnerMinority) return unchanged({ ...s, votes });
  return learn(config, s, bal, val);
}

function learn(config: PaxosConfig, s: LearnerState, bal: Ballot, val: Value): Step<LearnerState> {
  const durable = { learned: val };
  const outputs: Output[] = [
    { kind: 'persist', role: 'learner', durable },
    { kind: 'learned', val },
    ...config.proposers.map((to): Output => ({ kind: 'send', to, msg: { type: 'decided', bal, val } })),
  ];
  // Once learned, the votes are no longer needed.
  return { state: { ...s, durable, votes: {} }, outputs };
}
