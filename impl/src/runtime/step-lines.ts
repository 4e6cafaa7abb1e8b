// What a runtime logs for one input to one node: a line per role that acted
// on it (each role owns its own spec variables, so each part is at most one
// spec action), or a single stutter when none did.  The simulator and the
// explorer's counterexamples log the same way; trace-check/ reads it.
import type { PaxosConfig } from '../basic/config.ts';
import type { Input } from '../basic/io.ts';
import type { Message, NodeId } from '../basic/messages.ts';
import { serverStepByRole, type Role, type RoleStep, type ServerState } from '../basic/server.ts';
import { classifyStep, type SpecAction } from '../basic/spec-actions.ts';
import { nodeSpecVars, specConstants } from '../basic/spec-view.ts';
import { TRACE_FORMAT, TRACE_VERSION } from '../../../trace-check/src/format.ts';

export interface StepLine {
  readonly node: NodeId;
  readonly role?: Role;
  readonly input: Input;
  readonly received?: { from: NodeId; msg: Message };
  readonly action: SpecAction;
  readonly sent: { to: NodeId; msg: Message }[];
  /** The node's spec variables after this part of the step. */
  readonly vars: Record<string, Record<string, unknown>>;
}

export interface LoggedStep {
  readonly parts: readonly RoleStep[];
  readonly lines: readonly StepLine[];
  readonly after: ServerState;
}

export function loggedStep(config: PaxosConfig, node: NodeId, before: ServerState, input: Input): LoggedStep {
  const parts = serverStepByRole(config, before, input);
  const received = input.kind === 'receive' ? { received: { from: input.from, msg: input.msg } } : {};
  const lines: StepLine[] = parts
    .filter((p) => p.state !== p.before || p.outputs.length > 0)
    .map((p) => ({
      node,
      role: p.role,
      input,
      ...received,
      action: classifyStep(config, p.before, p.state, input, p.outputs),
      sent: p.outputs.flatMap((o) => (o.kind === 'send' ? [{ to: o.to, msg: o.msg }] : [])),
      vars: nodeSpecVars(config, p.state),
    }));
  // A step no role acted on (a message for no one, a stale timer) is still
  // a step the node took: the spec sees a stutter.
  if (lines.length === 0) lines.push({ node, input, ...received, action: { action: 'Stutter' }, sent: [], vars: nodeSpecVars(config, before) });
  return { parts, lines, after: parts.at(-1)?.state ?? before };
}

/**
 * What a crash is to the spec: the node is rebuilt from its disk, and only
 * a proposer caught in phase 1 changes anything the spec sees (Abandon);
 * anything else that moved was not on disk, a bug the line then shows.
 */
export function crashAction(config: PaxosConfig, before: ServerState, rebuilt: ServerState): SpecAction {
  const classified = classifyStep(config, before, rebuilt, { kind: 'recover' }, []);
  return classified.action === 'Abandon' ? classified : { action: 'Stutter' };
}

/** A step line's fields as the trace format spells them (trace-check/trace.schema.json), seq and instance aside. */
export function stepLineFields(l: Omit<StepLine, 'input'> & { readonly input: Input | { readonly kind: 'crash' } }): Record<string, unknown> {
  const { action, ...params } = l.action;
  const input = l.input.kind === 'receive' ? { kind: 'receive' } : l.input;
  return { node: l.node, ...(l.role ? { role: l.role } : {}), action, params, ...(l.received ? { received: l.received } : {}), sent: l.sent, vars: l.vars, input };
}

/** A trace header for a deployment: the spec's constants it fixes (and any given), complete logs, and where the trace came from. */
export function traceHeaderFields(config: PaxosConfig, source: Record<string, unknown>, constants: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    spec: 'Paxos',
    constants: { ...specConstants(config), ...constants },
    // Every step of every node is logged, crashes included.
    complete: true,
    deployment: { proposers: config.proposers, acceptors: config.acceptors, learners: config.learners, weights: config.weights },
    source,
  };
}
