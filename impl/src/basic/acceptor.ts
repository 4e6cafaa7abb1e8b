// The acceptor (spec: Phase1b, Phase2b).  All its state is durable: its
// promise and its last vote.  Every change is persisted before the reply
// that reveals it is sent, so a crash can never make it forget a promise
// someone is counting on.
import { match } from 'ts-pattern';
import { ownerOf, type PaxosConfig } from './config.ts';
import { NO_BALLOT, type Ballot, type Message, type NodeId, type Value } from './messages.ts';
import { unchanged, type AcceptorDurable, type Input, type Output, type Step } from './io.ts';

export interface AcceptorState {
  readonly id: NodeId;
  readonly durable: AcceptorDurable;
}

export const initialAcceptorDurable: AcceptorDurable = { maxBal: NO_BALLOT, maxVBal: NO_BALLOT, maxVal: null };

export function initAcceptor(id: NodeId): AcceptorState {
  return { id, durable: initialAcceptorDurable };
}

export function recoverAcceptor(id: NodeId, durable: AcceptorDurable): AcceptorState {
  return { id, durable };
}

export function acceptorStep(config: PaxosConfig, s: AcceptorState, input: Input): Step<AcceptorState> {
  return match(input)
    .with({ kind: 'receive' }, ({ msg }) => onMessage(config, s, msg))
    // No volatile state: nothing to rebuild, no timers.
    .with({ kind: 'timer' }, { kind: 'recover' }, () => unchanged(s))
    .exhaustive();
}

function onMessage(config: PaxosConfig, s: AcceptorState, msg: Message): Step<AcceptorState> {
  return match(msg)
    .with({ type: '1a' }, ({ bal }) => onPrepare(config, s, bal))
    .with({ type: '2a' }, ({ bal, val }) => onAccept(config, s, bal, val))
    .with({ type: 'request' }, { type: '1b' }, { type: '2b' }, { type: 'nack' }, { type: 'decided' }, () => unchanged(s))
    .exhaustive();
}

function nack(config: PaxosConfig, s: AcceptorState, bal: Ballot): Output[] {
  const owner = ownerOf(config, bal);
  return owner === undefined ? [] : [{ kind: 'send', to: owner, msg: { type: 'nack', acc: s.id, bal, promised: s.durable.maxBal } }];
}

function promise(config: PaxosConfig, s: AcceptorState, bal: Ballot): Output[] {
  const owner = ownerOf(config, bal);
  if (owner === undefined) return [];
  // The last vote is what lets the proposer pick the one value that may
  // already be chosen below bal (spec SafeToPropose); hiding it frees it.
  const { maxVBal, maxVal } = config.bugs.promiseOmitsVote ? { maxVBal: NO_BALLOT, maxVal: null } : s.durable;
  return [{ kind: 'send', to: owner, msg: { type: '1b', acc: s.id, bal, mbal: maxVBal, mval: maxVal } }];
}

/** spec Phase1b(a, b). */
function onPrepare(config: PaxosConfig, s: AcceptorState, bal: Ballot): Step<AcceptorState> {
  const { maxBal, maxVBal } = s.durable;
  if (bal > maxBal) {
    // Joining bal is a promise never to vote below it: it must be on disk
    // before the proposer can count on it.
    const durable = { ...s.durable, maxBal: bal };
    const persist: Output[] = config.bugs.promiseNotPersisted ? [] : [{ kind: 'persist', role: 'acceptor', durable }];
    return { state: { ...s, durable }, outputs: [...persist, ...promise(config, { ...s, durable }, bal)] };
  }
  // A repeated 1a for the ballot already joined: the promise is resent if
  // nothing has been voted since, when it is the very message sent before
  // (the spec's msgs already holds it), so a lost promise can be recovered.
  if (bal === maxBal && maxVBal < bal) return { state: s, outputs: promise(config, s, bal) };
  if (bal < maxBal) return { state: s, outputs: nack(config, s, bal) };
  return unchanged(s);
}

/** spec Phase2b(a, b, v). */
function onAccept(config: PaxosConfig, s: AcceptorState, bal: Ballot, val: Value): Step<AcceptorState> {
  // Voting below the ballot promised would break the promise that the
  // proposer of that higher ballot relied on to pick a safe value.
  if (bal < s.durable.maxBal && !config.bugs.acceptBelowPromise) return { state: s, outputs: nack(config, s, bal) };
  const durable: AcceptorDurable = { maxBal: Math.max(bal, s.durable.maxBal), maxVBal: bal, maxVal: val };
  const vote: Output[] = config.learners.map((to) => ({ kind: 'send', to, msg: { type: '2b', acc: s.id, bal, val } }));
  return { state: { ...s, durable }, outputs: [{ kind: 'persist', role: 'acceptor', durable }, ...vote] };
}
