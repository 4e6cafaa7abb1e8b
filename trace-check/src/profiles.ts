// What the checker must know about a spec beyond its text: which constant
// JSON null stands for, which variable is the set of messages, which
// invariants every logged state must satisfy, and how to fill in the
// constants that bound a model (values, ballots) from the trace itself.
import { join } from 'node:path';
import { specDir } from '../../modelcheck/src/models.ts';
import type { StepLine, TraceValue } from './format.ts';

export interface InvariantLimit {
  readonly every: number;
  readonly sample: number;
}

export interface SpecProfile {
  readonly module: string;
  readonly file: string;
  /** The model value that JSON null stands for. */
  readonly nullConstant: string;
  /** Constants that are model values in every model (given in the cfg as X = X). */
  readonly modelValues: readonly string[];
  /** The variable holding the set of messages sent. */
  readonly messages: string;
  /** Checked on the states the trace reaches: those of the spec's CI model. */
  readonly invariants: readonly string[];
  /**
   * For invariants too costly to evaluate on every state of a long run:
   * checked on every state while the set of messages holds at most `every`
   * messages, then on the last state of each chunk while it holds at most
   * `sample`, then no more.  An invariant not listed is checked on every
   * state.  (The set of messages is the measure because it is what grows.)
   */
  readonly invariantLimits?: Readonly<Record<string, InvariantLimit>>;
  /** Constants a trace may leave out, computed from one instance's steps. */
  derive(steps: readonly StepLine[]): Record<string, TraceValue>;
}

function* valuesIn(x: TraceValue): Generator<TraceValue> {
  yield x;
  if (Array.isArray(x)) for (const e of x) yield* valuesIn(e);
  else if (x !== null && typeof x === 'object') for (const e of Object.values(x)) yield* valuesIn(e);
}

/** Every value of the given fields (params, message fields, variables) that the steps mention. */
function mentioned(steps: readonly StepLine[], fields: ReadonlySet<string>): TraceValue[] {
  const out: TraceValue[] = [];
  const visit = (record: Readonly<Record<string, TraceValue>>) => {
    for (const [k, v] of Object.entries(record)) if (fields.has(k)) for (const x of valuesIn(v)) out.push(x);
  };
  for (const s of steps) {
    visit(s.params);
    if (s.received) visit(s.received.msg);
    for (const e of s.sent) visit(e.msg);
    for (const [name, entries] of Object.entries(s.vars)) if (fields.has(name)) for (const v of Object.values(entries)) out.push(v);
  }
  return out;
}

export const PAXOS: SpecProfile = {
  module: 'Paxos',
  file: join(specDir, 'Paxos.tla'),
  nullConstant: 'None',
  modelValues: ['None'],
  messages: 'msgs',
  invariants: ['TypeOK', 'Agreement', 'Validity', 'LearnedIsChosen', 'Inv'],
  derive(steps) {
    // Values: every value proposed, voted for, reported or learned, so that
    // a value nobody requested is still a value (and Validity, not TypeOK,
    // is what rejects it).
    const values = new Set(mentioned(steps, new Set(['v', 'val', 'mval', 'maxVal', 'learned'])).filter((x): x is string => typeof x === 'string'));
    const ballots = mentioned(steps, new Set(['b', 'bal', 'mbal', 'maxBal', 'maxVBal', 'pBal'])).filter((x): x is number => typeof x === 'number');
    return { Values: [...values].sort(), MaxBallot: Math.max(0, ...ballots) };
  },
};

export const PROFILES: ReadonlyMap<string, SpecProfile> = new Map([[PAXOS.module, PAXOS]]);
