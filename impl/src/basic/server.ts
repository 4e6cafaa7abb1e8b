// A server plays any of the three roles, usually all of them (the common
// deployment).  It holds no protocol logic of its own: it hands each input
// to the roles it concerns and concatenates their outputs.
import type { PaxosConfig } from './config.ts';
import type { MessageType, NodeId } from './messages.ts';
import type { AcceptorDurable, Input, LearnerDurable, Output, ProposerDurable, Step } from './io.ts';
import { acceptorStep, initAcceptor, recoverAcceptor, type AcceptorState } from './acceptor.ts';
import { initProposer, proposerStep, recoverProposer, type ProposerState } from './proposer.ts';
import { initLearner, learnerStep, recoverLearner, type LearnerState } from './learner.ts';

export interface ServerState {
  readonly id: NodeId;
  readonly proposer?: ProposerState;
  readonly acceptor?: AcceptorState;
  readonly learner?: LearnerState;
}

/** What a server's stable storage holds: the durable part of each of its roles. */
export interface ServerDurable {
  readonly proposer?: ProposerDurable;
  readonly acceptor?: AcceptorDurable;
  readonly learner?: LearnerDurable;
}

export type Role = 'proposer' | 'acceptor' | 'learner';

/**
 * Which roles consume each message, and each other input.  A table typed
 * over every message type and input kind: a new one that is not routed is a
 * compile error, as with an exhaustive match, at no cost per step (the
 * explorer runs this millions of times).
 */
const CONSUMERS: Readonly<Record<MessageType, readonly Role[]>> = {
  request: ['proposer'],
  '1b': ['proposer'],
  nack: ['proposer'],
  '1a': ['acceptor'],
  '2a': ['acceptor'],
  '2b': ['learner'],
  decided: ['proposer', 'learner'],
};

const ROUTES: { readonly [K in Input['kind']]: (input: Extract<Input, { kind: K }>) => readonly Role[] } = {
  // A message of a type no role knows (a newer peer, a corrupt frame that
  // got this far) is for no one: ignored, never thrown on.
  receive: (input) => (Object.hasOwn(CONSUMERS, input.msg.type) ? CONSUMERS[input.msg.type] : []),
  timer: () => ['proposer'],
  recover: () => ['proposer', 'acceptor', 'learner'],
};

function rolesFor(input: Input): readonly Role[] {
  if (!Object.hasOwn(ROUTES, input.kind)) return [];
  return (ROUTES[input.kind] as (i: Input) => readonly Role[])(input);
}

export function initServer(config: PaxosConfig, id: NodeId): ServerState {
  return {
    id,
    ...(config.proposers.includes(id) ? { proposer: initProposer(config, id) } : {}),
    ...(config.acceptors.includes(id) ? { acceptor: initAcceptor(id) } : {}),
    ...(config.learners.includes(id) ? { learner: initLearner(id) } : {}),
  };
}

export function durableOf(s: ServerState): ServerDurable {
  return {
    ...(s.proposer ? { proposer: s.proposer.durable } : {}),
    ...(s.acceptor ? { acceptor: s.acceptor.durable } : {}),
    ...(s.learner ? { learner: s.learner.durable } : {}),
  };
}

/** A server rebuilt after a crash from what its stable storage kept. */
export function recoverServer(config: PaxosConfig, id: NodeId, durable: ServerDurable): ServerState {
  const fresh = initServer(config, id);
  return {
    id,
    ...(fresh.proposer ? { proposer: recoverProposer(config, id, durable.proposer ?? fresh.proposer.durable) } : {}),
    ...(fresh.acceptor ? { acceptor: recoverAcceptor(id, durable.acceptor ?? fresh.acceptor.durable) } : {}),
    ...(fresh.learner ? { learner: recoverLearner(id, durable.learner ?? fresh.learner.durable) } : {}),
  };
}

export function serverStep(config: PaxosConfig, s: ServerState, input: Input): Step<ServerState> {
  let state = s;
  const outputs: Output[] = [];
  for (const r of serverStepByRole(config, s, input)) {
    state = r.state;
    outputs.push(...r.outputs);
  }
  return { state, outputs };
}

/** What one role did with an input: the server before and after, and the role's outputs. */
export interface RoleStep extends Step<ServerState> {
  readonly role: Role;
  readonly before: ServerState;
}

/**
 * The same step, role by role, in the order the roles take it.  Each role
 * owns its own spec variables, so each role's part is at most one spec
 * action, and a server's step is these parts in sequence: a trace logs one
 * line per part (a proposer that gives up its ballot and a learner that
 * learns, on one decision notice, are Abandon then Learn).
 */
export function serverStepByRole(config: PaxosConfig, s: ServerState, input: Input): RoleStep[] {
  const steps: RoleStep[] = [];
  let state = s;
  for (const role of rolesFor(input)) {
    const step = stepRole(config, state, role, input);
    steps.push({ role, before: state, state: step.state, outputs: step.outputs });
    state = step.state;
  }
  return steps;
}

interface RoleStates {
  proposer: ProposerState;
  acceptor: AcceptorState;
  learner: LearnerState;
}

const stepOf: { [R in Role]: (config: PaxosConfig, s: RoleStates[R], input: Input) => Step<RoleStates[R]> } = {
  proposer: proposerStep,
  acceptor: acceptorStep,
  learner: learnerStep,
};

function stepRole<R extends Role>(config: PaxosConfig, s: ServerState, role: R, input: Input): Step<ServerState> {
  const current = s[role] as RoleStates[R] | undefined;
  if (!current) return { state: s, outputs: [] };
  const r = stepOf[role](config, current, input);
  // Keep the server object itself when the role did not change, so that
  // callers (the explorer) can tell a no-op step by identity.
  return { state: r.state === current ? s : { ...s, [role]: r.state }, outputs: r.outputs };
}
