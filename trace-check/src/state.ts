// The spec state the log implies, rebuilt step by step: a step replaces the
// entries of the variables its node owns with the logged values, and adds
// the spec messages it sent to the set of messages.  The engine then checks
// that the claimed action leads exactly there.
import type { PreparedStep } from './prepare.ts';
import type { SpecProfile } from './profiles.ts';
import { domainKey, fnPairs, sortedSet, updateFn, showValue, type EngineState, type EngineValue } from './values.ts';

export type Applied = { ok: true; state: EngineState } | { ok: false; field: string; reason: string };

export function applyStep(state: EngineState, p: PreparedStep, profile: SpecProfile): Applied {
  const next: EngineState = { ...state };
  const msgs = state[profile.messages];
  if (!Array.isArray(msgs)) return { ok: false, field: 'sent', reason: `the spec variable ${profile.messages} is not a set` };
  if (p.sent.length > 0) next[profile.messages] = sortedSet([...msgs, ...p.sent]);
  for (const { variable, key, value } of p.patches) {
    const fn = next[variable];
    if (fn === undefined) return { ok: false, field: `vars.${variable}`, reason: `no such variable in the spec state` };
    const k = domainKey(fn, key);
    if (k === undefined) {
      const domain = fnPairs(fn)?.map(([d]) => showValue(d));
      return { ok: false, field: `vars.${variable}.${key}`, reason: domain ? `${key} is not in the domain of ${variable} (${domain.join(', ')})` : `${variable} is not a function` };
    }
    next[variable] = updateFn(fn, k, value);
  }
  return { ok: true, state: next };
}

/** The TLA+ key literal a patch writes to, resolved against the state's domain. */
export function patchKey(state: EngineState, variable: string, key: string): EngineValue | undefined {
  const fn = state[variable];
  return fn === undefined ? undefined : domainKey(fn, key);
}
