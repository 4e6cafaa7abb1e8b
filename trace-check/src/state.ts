// The spec state the log implies, rebuilt step by step: a step replaces the
// entries of the variables it lists with the logged values, leaves every
// entry it does not list as it was, and adds the spec messages it sent to
// the set of messages.  The engine then checks that the claimed action
// leads exactly there: to this whole state, not only to the listed entries.
//
// A Multi-Paxos run holds tens of thousands of messages and rows of
// thousands of slots, so the tracker keeps the messages in a map keyed by
// their canonical text (a step costs what it sends, not what was sent
// before it) and builds the engine's sorted array only when a whole state
// is needed (a chunk's start, a diagnosis).
import type { PreparedStep } from './prepare.ts';
import type { SpecProfile } from './profiles.ts';
import { applyFn, canonical, domainKey, fnPairs, fromTrace, fromTraceLike, showValue, sortedSet, updateFn, type EngineState, type EngineValue } from './values.ts';

/** One entry a step sets: variable[path[0]][path[1]]... = value (an empty path: the whole variable). */
export interface ResolvedPatch {
  readonly variable: string;
  readonly path: readonly EngineValue[];
  /** The entry's new value. */
  readonly value: EngineValue;
  /** For a key ending in "+": the elements added to the set there (value is the union). */
  readonly added?: readonly EngineValue[];
  /**
   * For a key ending in "*": the one value of every entry (value is the
   * whole function).  Written over the entry's own domain, not as a
   * literal: a chunk's states may have shorter rows than the tracker's
   * (grow.ts).
   */
  readonly fill?: EngineValue;
}

export type Applied =
  | {
      ok: true;
      patches: readonly ResolvedPatch[];
      /** Does the step change anything: a listed entry to a new value, or a new message? */
      changes: boolean;
      /** Was the message it consumed (if a spec message) sent before it? */
      receivedWasSent: boolean;
    }
  | { ok: false; field: string; reason: string };

export class StateTracker {
  private readonly vars: Map<string, EngineValue>;
  private readonly msgs: Map<string, EngineValue>;
  private sortedMsgs: EngineValue[] | null;

  constructor(
    state: EngineState,
    private readonly profile: SpecProfile,
  ) {
    const m = state[profile.messages];
    this.msgs = new Map(Array.isArray(m) ? m.map((x) => [canonical(x), x]) : []);
    this.sortedMsgs = Array.isArray(m) ? m : [];
    this.vars = new Map(Object.entries(state).filter(([k]) => k !== profile.messages));
  }

  get messageCount(): number {
    return this.msgs.size;
  }

  /** The whole state, in the engine's encoding. */
  snapshot(): EngineState {
    this.sortedMsgs ??= sortedSet([...this.msgs.values()]);
    return { ...Object.fromEntries(this.vars), [this.profile.messages]: this.sortedMsgs };
  }

  /** Apply the step's logged changes; on a malformed entry nothing is changed. */
  apply(p: PreparedStep): Applied {
    const patches: ResolvedPatch[] = [];
    const updated = new Map<string, EngineValue>();
    let changes = false;
    for (const { variable, key, raw } of p.patches) {
      const current = updated.get(variable) ?? this.vars.get(variable);
      if (current === undefined) return { ok: false, field: `vars.${variable}`, reason: 'no such variable in the spec state' };
      // "0+": elements added to the set executed[0], so that a set that
      // grows by one element a step is not logged whole every step.
      const adds = key.endsWith('+');
      // "0*": every entry of the function lProp[0] set to one value, so
      // that a row dropped at once (a leader's proposals when it stops
      // leading) is logged without naming each slot: a server that forgot
      // old slots no longer knows which of them it had proposed in.
      const fills = key.endsWith('*');
      const r = resolve(current, adds || fills ? key.slice(0, -1) : key);
      if (!r.ok) return { ok: false, field: `vars.${variable}.${key}`, reason: `${r.reason} in ${variable}` };
      let value: EngineValue | undefined;
      let added: EngineValue[] | undefined;
      if (fills) {
        const pairs = isFunction(r.old) ? fnPairs(r.old)! : undefined;
        if (!pairs) return { ok: false, field: `vars.${variable}.${key}`, reason: 'a key ending in "*" sets every entry of a function; the entry there is not a function' };
        const filled = pairs.map(([k, old]) => [k, fromTraceLike(old, raw, this.profile.nullConstant)] as const);
        if (filled.some(([, x]) => x === undefined)) return { ok: false, field: `vars.${variable}.${key}`, reason: `the value is not of the kind of the entries of ${variable}` };
        value = '__tuple' in (r.old as object) ? { __tuple: filled.map(([, x]) => x!) } : { __fn: filled.map(([k, x]) => [k, x!]) };
        if (canonical(value) !== canonical(r.old)) changes = true;
        patches.push({ variable, path: r.path, value, fill: filled[0]?.[1] ?? fromTrace(raw, this.profile.nullConstant) });
        updated.set(variable, setAt(current, r.path, value));
        continue;
      } else if (adds) {
        if (!Array.isArray(r.old) || !Array.isArray(raw)) return { ok: false, field: `vars.${variable}.${key}`, reason: `a key ending in "+" adds the elements of an array to a set; ${Array.isArray(r.old) ? 'give an array' : 'the entry is not a set'}` };
        // Only the new elements, appended: the engine sorts a set it reads,
        // and canonical() sorts too, so the order here does not matter.
        const have = new Set(r.old.map(canonical));
        added = sortedSet(raw.map((x) => fromTrace(x, this.profile.nullConstant))).filter((x) => !have.has(canonical(x)));
        value = added.length > 0 ? [...r.old, ...added] : r.old;
        if (added.length > 0) changes = true;
      } else {
        value = fromTraceLike(r.old, raw, this.profile.nullConstant);
        if (value !== undefined && canonical(value) !== canonical(r.old)) changes = true;
      }
      if (value === undefined) return { ok: false, field: `vars.${variable}.${key}`, reason: `must give the whole function ${variable}${r.path.map((k) => `[${showValue(k)}]`).join('')}, with its domain (${fnPairs(r.old)!.length} keys)` };
      patches.push({ variable, path: r.path, value, ...(added ? { added } : {}) });
      updated.set(variable, setAt(current, r.path, value));
    }
    const received = p.received === null || this.msgs.has(canonical(p.received));
    for (const [k, v] of updated) this.vars.set(k, v);
    for (const m of p.sent) {
      const k = canonical(m);
      if (this.msgs.has(k)) continue;
      this.msgs.set(k, m);
      this.sortedMsgs = null;
      changes = true;
    }
    return { ok: true, patches, changes, receivedWasSent: received };
  }
}

type Resolved = { ok: true; path: EngineValue[]; old: EngineValue } | { ok: false; reason: string };

/**
 * The entry a trace key names.  A key that is itself in the domain (a
 * Basic Paxos acceptor "s2", a proposer "1") is one step down; otherwise
 * the key is a path of domain keys joined by "/"; "" is the whole value.
 */
function resolve(value: EngineValue, key: string): Resolved {
  if (key === '') return { ok: true, path: [], old: value };
  const whole = domainKey(value, key);
  if (whole !== undefined) return { ok: true, path: [whole], old: applyFn(value, whole)! };
  const path: EngineValue[] = [];
  let at = value;
  for (const part of key.split('/')) {
    const k = domainKey(at, part);
    if (k === undefined) {
      const domain = fnPairs(at)?.map(([d]) => showValue(d));
      const where = path.map((x) => `[${showValue(x)}]`).join('');
      return { ok: false, reason: domain ? `${part} is not in the domain of the function at ${where || 'the top'} (${brief(domain)})` : `the value at ${where || 'the top'} is not a function` };
    }
    path.push(k);
    at = applyFn(at, k)!;
  }
  return { ok: true, path, old: at };
}

const brief = (xs: string[]) => (xs.length > 8 ? `${xs.slice(0, 3).join(', ')}, ..., ${xs.slice(-2).join(', ')}` : xs.join(', '));

function setAt(value: EngineValue, path: readonly EngineValue[], x: EngineValue): EngineValue {
  if (path.length === 0) return x;
  const [k, ...rest] = path;
  return updateFn(value, k!, setAt(applyFn(value, k!)!, rest, x));
}

/** The state after the step, computed on a copy (for hidden-step searches and diagnoses). */
export function stateAfter(state: EngineState, p: PreparedStep, profile: SpecProfile): { state: EngineState; patches: readonly ResolvedPatch[] } | { error: string } {
  const t = new StateTracker(state, profile);
  const r = t.apply(p);
  return r.ok ? { state: t.snapshot(), patches: r.patches } : { error: `${r.field}: ${r.reason}` };
}

const isFunction = (v: EngineValue): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && ('__fn' in v || '__tuple' in v);
