// One key for a state of spec/Paxos.tla, whichever side it comes from: the
// model checker's printed states (parsed with tla-value.ts) or the
// implementation's states through the refinement mapping (spec-view.ts's
// SpecState, turned into the same TLA+ values here).  Two states have the
// same key exactly when they are equal as TLA+ values.
import type { SpecMessage } from '../../basic/messages.ts';
import type { SpecState } from '../../basic/spec-view.ts';
import { canonical, showTlaPretty, type TlaValue } from '../../../../modelcheck/src/tla-value.ts';

/** The spec's variables, in the order it declares them. */
export const SPEC_VARIABLES = ['msgs', 'maxBal', 'maxVBal', 'maxVal', 'pBal', 'pPreparing', 'learned'] as const;

export type SpecVars = ReadonlyMap<string, TlaValue>;

const NONE: TlaValue = { kind: 'model', name: 'None' };

function scalar(x: string | number | boolean | null): TlaValue {
  if (x === null) return NONE;
  if (typeof x === 'number') return { kind: 'int', value: x };
  if (typeof x === 'boolean') return { kind: 'bool', value: x };
  return { kind: 'string', value: x };
}

/**
 * A message as the spec's record.  Every field of the implementation's
 * message is kept: the mapping drops nothing but the envelope, so a field
 * the spec lacks shows up as a difference instead of vanishing.
 */
function messageTla(m: SpecMessage): TlaValue {
  return { kind: 'record', fields: Object.entries(m).map(([k, v]): [string, TlaValue] => [k, scalar(v as string | number | null)]) };
}

// Acceptors and learners are named (a string domain, which the engine prints
// as a record); proposers are numbered 0 .. NumProposers - 1.
const byName = (r: Readonly<Record<string, string | number | boolean | null>>): TlaValue => ({
  kind: 'record',
  fields: Object.entries(r).map(([k, v]): [string, TlaValue] => [k, scalar(v)]),
});
const byNumber = (r: Readonly<Record<number, number | boolean>>): TlaValue => ({
  kind: 'function',
  pairs: Object.entries(r).map(([k, v]): [TlaValue, TlaValue] => [{ kind: 'int', value: Number(k) }, scalar(v)]),
});

/** The implementation's spec state as the spec's variables. */
export function specVars(s: SpecState): SpecVars {
  return new Map<string, TlaValue>([
    ['msgs', { kind: 'set', elements: [...s.msgs.values()].map(messageTla) }],
    ['maxBal', byName(s.maxBal)],
    ['maxVBal', byName(s.maxVBal)],
    ['maxVal', byName(s.maxVal)],
    ['pBal', byNumber(s.pBal)],
    ['pPreparing', byNumber(s.pPreparing)],
    ['learned', byName(s.learned)],
  ]);
}

/**
 * In TLA+ a record is a function whose domain is a set of strings, and a
 * tuple a function on 1..n; the engine prints each in its own syntax
 * depending on the domain.  Every one becomes a function here, so that the
 * key depends on the value only.
 */
function asFunctions(v: TlaValue): TlaValue {
  switch (v.kind) {
    case 'record':
      return { kind: 'function', pairs: v.fields.map(([k, x]): [TlaValue, TlaValue] => [{ kind: 'string', value: k }, asFunctions(x)]) };
    case 'tuple':
      return { kind: 'function', pairs: v.elements.map((x, i): [TlaValue, TlaValue] => [{ kind: 'int', value: i + 1 }, asFunctions(x)]) };
    case 'function':
      return { kind: 'function', pairs: v.pairs.map(([k, x]): [TlaValue, TlaValue] => [asFunctions(k), asFunctions(x)]) };
    case 'set':
      return { kind: 'set', elements: v.elements.map(asFunctions) };
    default:
      return v;
  }
}

/** A string equal for equal values, under TLA+'s equality. */
export function valueKey(v: TlaValue): string {
  return canonical(asFunctions(v));
}

/** The key of a whole spec state; a state that lacks a variable of the spec, or has another, is an error. */
export function specStateKey(vars: SpecVars): string {
  if (vars.size !== SPEC_VARIABLES.length) throw new Error(`a state of spec/Paxos.tla has the variables ${SPEC_VARIABLES.join(', ')}; got ${[...vars.keys()].join(', ')}`);
  return SPEC_VARIABLES.map((name) => {
    const v = vars.get(name);
    if (!v) throw new Error(`a state without the spec variable ${name}`);
    return `${name}=${valueKey(v)}`;
  }).join('\n');
}

/** A spec state for a reader: one variable a line, long sets one element a line. */
export function showSpecVars(vars: SpecVars, indent: string): string[] {
  return [...vars].map(([name, v]) => `${indent}${name} = ${showTlaPretty(v, `${indent}${' '.repeat(name.length + 3)}`)}`);
}
