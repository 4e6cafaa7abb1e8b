// A trace step made ready for the engine: the action's arguments in the
// order of its formal parameters, the sets Next draws them from, the spec
// messages received and sent, and the node's variables after the step -
// each as TLA+ text, plus the engine-encoded values the reconstruction of
// the spec state needs.
import type { LocatedStep, StepLine, TraceMessage, TraceValue } from './format.ts';
import type { SpecProfile } from './profiles.ts';
import type { SpecModule } from './spec-module.ts';
import { canonical, fromTrace, sortedSet, tlaLiteral, type EngineValue } from './values.ts';

export const STUTTER = 'Stutter';

export interface Patch {
  readonly variable: string;
  /**
   * The entry as the trace spells it: a JSON object key, the domain keys of
   * nested functions joined by "/" ("0/5" is vBal[0][5]); "" is the whole
   * variable.  Resolved against the state it applies to (state.ts).
   */
  readonly key: string;
  /** The value as the trace spells it; converted once the entry it replaces is known. */
  readonly raw: TraceValue;
}

export interface PreparedStep {
  readonly line: number;
  readonly step: StepLine;
  readonly action: string;
  /** Formal parameter, argument as TLA+ text, and the set Next draws it from. */
  readonly args: readonly { name: string; literal: string; domain: string | null }[];
  readonly received: EngineValue | null;
  readonly sent: EngineValue[];
  readonly patches: readonly Patch[];
}

/** A step the checker cannot even pose to the engine: unknown action, missing parameter, ... */
export class StepShapeError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export function specMessageTypes(spec: SpecModule): ReadonlySet<string> {
  return new Set([...spec.text.matchAll(/\btype\s*\|->\s*"([^"]+)"/g)].map((m) => m[1]!));
}

export function prepareStep(spec: SpecModule, profile: SpecProfile, types: ReadonlySet<string>, located: LocatedStep): PreparedStep {
  const { line, step } = located;
  const fail = (field: string, reason: string): never => {
    throw new StepShapeError(line, field, reason);
  };
  const args: { name: string; literal: string; domain: string | null }[] = [];
  if (step.action !== STUTTER) {
    const action = spec.actions.get(step.action);
    if (!action) fail('action', `"${step.action}" is not an action of ${spec.name}'s Next (${[...spec.actions.keys(), STUTTER].join(', ')})`);
    for (const p of action!.params) {
      if (!Object.hasOwn(step.params, p.name)) fail(`params.${p.name}`, `missing: ${step.action} takes (${action!.params.map((q) => q.name).join(', ')})`);
      args.push({ name: p.name, literal: tlaLiteral(fromTrace(step.params[p.name]!, profile.nullConstant)), domain: p.domain });
    }
    for (const k of Object.keys(step.params)) if (!action!.params.some((p) => p.name === k)) fail(`params.${k}`, `${step.action} has no parameter ${k}`);
  } else if (Object.keys(step.params).length > 0) fail('params', 'a Stutter step takes no parameters');
  const specMsg = (m: TraceMessage) => (types.has(m.type) ? fromTrace(m, profile.nullConstant) : null);
  const sent = sortedSet(step.sent.map((e) => specMsg(e.msg)).filter((m): m is EngineValue => m !== null));
  const patches: Patch[] = [];
  for (const [variable, entries] of Object.entries(step.vars)) {
    if (!spec.variables.includes(variable)) fail(`vars.${variable}`, `${spec.name} has no variable ${variable} (${spec.variables.join(', ')})`);
    if (variable === profile.messages) fail(`vars.${variable}`, `the messages are given by sent, not vars`);
    for (const [key, raw] of Object.entries(entries)) patches.push({ variable, key, raw });
  }
  return { line, step, action: step.action, args, received: step.received ? specMsg(step.received.msg) : null, sent, patches };
}

export function describeStep(p: PreparedStep): string {
  const args = p.args.map((a) => `${a.name} = ${a.literal}`).join(', ');
  return `${p.step.node}: ${p.action}${p.args.length > 0 ? `(${args})` : ''}`;
}

export const messageKey = canonical;
