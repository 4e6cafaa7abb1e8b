// Chunks sized to the run so far.  Some constants only bound how large the
// state is (MultiPaxos' MaxSlot: every server's rows of votes, proposals and
// decisions have one entry per slot).  Taking the run's last slot from Init
// on makes every state of a long run as large as its last one, and the
// engine's cost per step grows with the size of the state it stores.  For
// such a constant no action reads an entry above every value the steps
// mention (those entries stay at their initial values, and every guard
// that reads the constant itself, like ApplyExecute's applied[s] < MaxSlot,
// is about a value the step mentions), so a chunk may take the highest value
// that the steps up to its end mention, with its start state cut to that
// size: the rows then grow with the run.  The profile names such a constant
// (SpecProfile.growing); a value given in the header is used as given.
import type { Context } from './context.ts';
import { initOf } from './context.ts';
import type { StepLine } from './format.ts';
import type { EngineState, EngineValue } from './values.ts';

const isTuple = (x: EngineValue | undefined): x is { __tuple: EngineValue[] } => x !== null && typeof x === 'object' && !Array.isArray(x) && '__tuple' in x;
const isFn = (x: EngineValue | undefined): x is { __fn: [EngineValue, EngineValue][] } => x !== null && typeof x === 'object' && !Array.isArray(x) && '__fn' in x;
type Rec = { [field: string]: EngineValue };
const isRecord = (x: EngineValue | undefined): x is Rec => x !== null && typeof x === 'object' && !Array.isArray(x) && !('__tuple' in x) && !('__fn' in x) && !('__model' in x);

/**
 * x with every tuple indexed by the growing constant cut to its first n
 * entries.  Which tuples those are is told by two initial states, at the
 * constant's value and one above: the tuples whose length differs.
 */
export function cutTo(x: EngineValue, small: EngineValue | undefined, large: EngineValue | undefined, n: number): EngineValue {
  if (isTuple(x) && isTuple(small) && isTuple(large)) {
    const row = small.__tuple.length !== large.__tuple.length ? x.__tuple.slice(0, n) : x.__tuple;
    return { __tuple: row.map((e, k) => cutTo(e, small.__tuple[k], large.__tuple[k], n)) };
  }
  if (isFn(x) && isFn(small) && isFn(large)) {
    const find = (f: { __fn: [EngineValue, EngineValue][] }, key: EngineValue) => f.__fn.find(([k]) => JSON.stringify(k) === JSON.stringify(key))?.[1];
    return { __fn: x.__fn.map(([k, v]) => [k, cutTo(v, find(small, k), find(large, k), n)]) };
  }
  if (isRecord(x) && isRecord(small) && isRecord(large)) {
    const [s, l] = [small as Rec, large as Rec];
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, cutTo(v, s[k], l[k], n)]));
  }
  return x;
}

export interface ChunkSizer {
  /** The constant's value for a chunk whose last step is steps[k]: the highest the steps 0 .. k mention. */
  boundAt(k: number): number;
  /** The instance's constants with the growing one set to n. */
  constantsFor(n: number): ReadonlyMap<string, EngineValue>;
  /** A state of the instance (rows as long as the instance's value), cut to n. */
  cut(state: EngineState, n: number): EngineState;
}

/** The sizer of one instance, or null when the profile names no growing constant or the header fixes it. */
export async function chunkSizer(ctx: Context, constants: ReadonlyMap<string, EngineValue>, steps: readonly StepLine[]): Promise<ChunkSizer | null> {
  const name = ctx.profile.growing;
  if (name === undefined || Object.hasOwn(ctx.trace.header.constants, name)) return null;
  const full = constants.get(name);
  if (typeof full !== 'number') return null;
  const prefix: number[] = [];
  let high = 1;
  for (const s of steps) {
    const v = ctx.profile.derive([s])[name];
    if (typeof v === 'number' && v > high) high = v;
    prefix.push(high);
  }
  const withValue = (n: number) => new Map(constants).set(name, n);
  const small = await initOf(ctx, constants);
  const large = await initOf(ctx, withValue(full + 1));
  return {
    boundAt: (k) => prefix[Math.min(k, prefix.length - 1)] ?? 1,
    constantsFor: (n) => (n === full ? constants : withValue(n)),
    cut: (state, n) => (n === full ? state : Object.fromEntries(Object.entries(state).map(([v, x]) => [v, cutTo(x, small[v], large[v], n)]))),
  };
}
