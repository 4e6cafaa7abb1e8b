// TLA+ values in three spellings: as a trace writes them (null for None,
// arrays for sets), as the embedded engine's explore_* API reads and writes
// them (sets as sorted arrays, {"__model": ...}, {"__fn": [[k, v], ...]}),
// and as TLA+ source text for the modules the checker generates.
import type { TlaValue } from '../../modelcheck/src/tla-value.ts';
import type { TraceValue } from './format.ts';

export type EngineValue =
  | null
  | boolean
  | number
  | string
  | EngineValue[]
  | { __model: string }
  | { __fn: [EngineValue, EngineValue][] }
  | { __tuple: EngineValue[] }
  | { [field: string]: EngineValue };

/** A spec state in the engine's encoding: one entry per variable. */
export type EngineState = Record<string, EngineValue>;

const isPlainObject = (v: unknown): v is Record<string, EngineValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string that is the same for equal values: sets sorted, fields sorted. */
export function canonical(v: EngineValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `{${[...new Set(v.map(canonical))].sort().join(',')}}`;
  if ('__model' in v && typeof v.__model === 'string') return `@${v.__model}`;
  if ('__tuple' in v && Array.isArray(v.__tuple)) return `<<${(v.__tuple as EngineValue[]).map(canonical).join(',')}>>`;
  if ('__fn' in v && Array.isArray(v.__fn)) {
    const pairs = (v.__fn as [EngineValue, EngineValue][]).map(([k, x]) => `${canonical(k)}:>${canonical(x)}`);
    return `(${pairs.sort().join(',')})`;
  }
  const o = v as Record<string, EngineValue>;
  return `[${Object.keys(o)
    .sort()
    .map((k) => `${k}|->${canonical(o[k]!)}`)
    .join(',')}]`;
}

export function sameValue(a: EngineValue, b: EngineValue): boolean {
  return canonical(a) === canonical(b);
}

/** A trace value in the engine's encoding; null becomes the spec's null constant (a model value). */
export function fromTrace(v: TraceValue, nullConstant: string): EngineValue {
  if (v === null) return { __model: nullConstant };
  if (Array.isArray(v)) return sortedSet(v.map((x) => fromTrace(x, nullConstant)));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromTrace(x, nullConstant)]));
  return v;
}

export function sortedSet(elements: EngineValue[]): EngineValue[] {
  const byKey = new Map<string, EngineValue>();
  for (const e of elements) byKey.set(canonical(e), e);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['TRUE', 'FALSE', 'IF', 'THEN', 'ELSE', 'CASE', 'OTHER', 'LET', 'IN', 'EXCEPT', 'DOMAIN', 'SUBSET', 'UNION', 'CHOOSE']);

export function tlaString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** TLA+ source text denoting the value (model values by their constant's name). */
export function tlaLiteral(v: EngineValue): string {
  if (v === null) throw new Error('null has no TLA+ spelling; it should have become the spec null constant');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return tlaString(v);
  if (Array.isArray(v)) return `{${v.map(tlaLiteral).join(', ')}}`;
  if ('__model' in v && typeof v.__model === 'string') return v.__model;
  if ('__tuple' in v && Array.isArray(v.__tuple)) return `<<${(v.__tuple as EngineValue[]).map(tlaLiteral).join(', ')}>>`;
  if ('__fn' in v && Array.isArray(v.__fn)) return functionLiteral(v.__fn as [EngineValue, EngineValue][]);
  const o = v as Record<string, EngineValue>;
  const keys = Object.keys(o);
  if (keys.length > 0 && keys.every((k) => IDENT.test(k) && !RESERVED.has(k))) return `[${keys.map((k) => `${k} |-> ${tlaLiteral(o[k]!)}`).join(', ')}]`;
  return functionLiteral(keys.map((k) => [k, o[k]!]));
}

// Written with CASE so that the generated module needs no EXTENDS TLC (:>, @@).
function functionLiteral(pairs: [EngineValue, EngineValue][]): string {
  if (pairs.length === 0) return '[x \\in {} |-> 0]';
  const domain = `{${pairs.map(([k]) => tlaLiteral(k)).join(', ')}}`;
  return `[x \\in ${domain} |-> CASE ${pairs.map(([k, x]) => `x = ${tlaLiteral(k)} -> ${tlaLiteral(x)}`).join(' [] ')}]`;
}

/**
 * The domain element of a function value that a trace key names: trace
 * keys are JSON object keys, so strings; a function over integers (the
 * spec's proposers 0..N-1, servers, slots 1..MaxSlot) is indexed by the
 * number the key spells.
 */
export function domainKey(fn: EngineValue, key: string): EngineValue | undefined {
  if (!isPlainObject(fn)) return undefined;
  if ('__fn' in fn && Array.isArray(fn.__fn)) {
    for (const [k] of fn.__fn as [EngineValue, EngineValue][]) if ((typeof k === 'number' || typeof k === 'string') && String(k) === key) return k;
    return undefined;
  }
  if ('__tuple' in fn && Array.isArray(fn.__tuple)) {
    // A function on 1..n: the engine spells it as a tuple.
    const i = /^[1-9]\d*$/.test(key) ? Number(key) : NaN;
    return i >= 1 && i <= (fn.__tuple as EngineValue[]).length ? i : undefined;
  }
  if ('__model' in fn) return undefined;
  return Object.hasOwn(fn, key) ? key : undefined;
}

/** fn[key] in the engine encoding. */
export function applyFn(fn: EngineValue, key: EngineValue): EngineValue | undefined {
  if (!isPlainObject(fn)) return undefined;
  if ('__fn' in fn && Array.isArray(fn.__fn)) return (fn.__fn as [EngineValue, EngineValue][]).find(([k]) => sameValue(k, key))?.[1];
  if ('__tuple' in fn && Array.isArray(fn.__tuple)) return typeof key === 'number' ? (fn.__tuple as EngineValue[])[key - 1] : undefined;
  return typeof key === 'string' && Object.hasOwn(fn, key) ? (fn as Record<string, EngineValue>)[key] : undefined;
}

/** [fn EXCEPT ![key] = value] in the engine encoding. */
export function updateFn(fn: EngineValue, key: EngineValue, value: EngineValue): EngineValue {
  if (isPlainObject(fn) && '__fn' in fn && Array.isArray(fn.__fn)) {
    return { __fn: (fn.__fn as [EngineValue, EngineValue][]).map(([k, x]) => [k, sameValue(k, key) ? value : x]) };
  }
  if (isPlainObject(fn) && '__tuple' in fn && Array.isArray(fn.__tuple)) {
    const row = [...(fn.__tuple as EngineValue[])];
    row[(key as number) - 1] = value;
    return { __tuple: row };
  }
  return { ...(fn as Record<string, EngineValue>), [key as string]: value };
}

/** Is v a function value (a record, a tuple, or a function of any other domain)? */
export function isFunction(v: EngineValue): boolean {
  return isPlainObject(v) && !('__model' in v);
}

/**
 * A trace value in the engine's encoding, shaped like `like` (the value it
 * replaces): a JSON object replacing a function over numbers (a row of
 * slots, a client's requests) becomes that function, keyed by the numbers
 * its keys spell.  It must then name exactly the same domain: a whole row
 * is written out, not a part of it.  Returns undefined when it cannot.
 */
export function fromTraceLike(like: EngineValue, v: TraceValue, nullConstant: string): EngineValue | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && isPlainObject(like) && ('__fn' in like || '__tuple' in like)) {
    const pairs = fnPairs(like)!;
    const keys = Object.keys(v);
    if (keys.length !== pairs.length) return undefined;
    const out: [EngineValue, EngineValue][] = [];
    for (const [k, old] of pairs) {
      const x = v[String(k)];
      if (x === undefined) return undefined;
      const conv = fromTraceLike(old, x, nullConstant);
      if (conv === undefined) return undefined;
      out.push([k, conv]);
    }
    return '__tuple' in like ? { __tuple: out.map(([, x]) => x) } : { __fn: out };
  }
  return fromTrace(v, nullConstant);
}

/** The pairs of a function value, whichever way it is encoded. */
export function fnPairs(fn: EngineValue): [EngineValue, EngineValue][] | undefined {
  if (!isPlainObject(fn)) return undefined;
  if ('__fn' in fn && Array.isArray(fn.__fn)) return fn.__fn as [EngineValue, EngineValue][];
  if ('__tuple' in fn && Array.isArray(fn.__tuple)) return (fn.__tuple as EngineValue[]).map((x, i) => [i + 1, x]);
  if ('__model' in fn) return undefined;
  return Object.entries(fn as Record<string, EngineValue>);
}

/** An engine value as a trace spells it: the null constant as null, sets as arrays, functions as objects. */
export function toTrace(v: EngineValue, nullConstant: string): TraceValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => toTrace(x, nullConstant));
  if ('__model' in v && typeof v.__model === 'string') {
    if (v.__model === nullConstant) return null;
    throw new Error(`the model value ${v.__model} has no trace spelling`);
  }
  const pairs = fnPairs(v)!;
  return Object.fromEntries(pairs.map(([k, x]) => [String(k), toTrace(x, nullConstant)]));
}

/** A value as people read it in diagnostics: TLA+ syntax, model values by name. */
export function showValue(v: EngineValue): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && '__fn' in v && Array.isArray(v.__fn)) {
    return `(${(v.__fn as [EngineValue, EngineValue][]).map(([k, x]) => `${showValue(k)} :> ${showValue(x)}`).join(' @@ ')})`;
  }
  if (Array.isArray(v)) return `{${v.map(showValue).join(', ')}}`;
  if (v !== null && typeof v === 'object' && !('__model' in v) && !('__tuple' in v)) {
    // Fields sorted, as the engine prints records, so that two records are
    // easy to compare by eye.
    return `[${Object.entries(v as Record<string, EngineValue>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${k} |-> ${showValue(x)}`)
      .join(', ')}]`;
  }
  return tlaLiteral(v);
}

/** A value as the engines print it (parsed by modelcheck/src/tla-value.ts), in the explore_* JSON encoding; records and string-keyed functions are both objects there. */
export function fromTlaValue(v: TlaValue): EngineValue {
  switch (v.kind) {
    case 'int':
    case 'string':
    case 'bool':
      return v.value;
    case 'model':
      return { __model: v.name };
    case 'set':
      return sortedSet(v.elements.map(fromTlaValue));
    case 'tuple':
      return { __tuple: v.elements.map(fromTlaValue) };
    case 'record':
      return Object.fromEntries(v.fields.map(([k, x]) => [k, fromTlaValue(x)]));
    case 'function':
      if (v.pairs.every(([k]) => k.kind === 'string')) return Object.fromEntries(v.pairs.map(([k, x]) => [(k as { value: string }).value, fromTlaValue(x)]));
      return { __fn: v.pairs.map(([k, x]) => [fromTlaValue(k), fromTlaValue(x)] as [EngineValue, EngineValue]) };
  }
}
