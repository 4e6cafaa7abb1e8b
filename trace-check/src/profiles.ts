// What the checker must know about a spec beyond its text: which constant
// JSON null stands for, which variable is the set of messages, which
// invariants every logged state must satisfy, and how to fill in the
// constants that bound a model (values, ballots) from the trace itself.
import { join } from 'node:path';
import { specDir } from '../../modelcheck/src/models.ts';
import type { StepLine, TraceValue } from './format.ts';
import type { EngineValue } from './values.ts';

/**
 * Where an invariant is checked, by its estimated cost on a state: on every
 * state while it costs at most `every` microseconds, on the last state of
 * each chunk while it costs at most `sample`, and not at all beyond.  (The
 * step itself costs 1-50 ms on a Multi-Paxos state, depending on its size.)
 */
export const INVARIANT_BUDGET = { every: 10_000, sample: 1_000_000 } as const;

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
   * The estimated cost, in microseconds of the embedded engine, of one
   * evaluation of an invariant on a state of this run with this many
   * messages (absent: cheap enough for every state).  Decides where it is
   * checked: see INVARIANT_BUDGET.
   */
  invariantCost?(name: string, constants: ReadonlyMap<string, EngineValue>, messages: number): number;
  /** Constants a trace may leave out, computed from one instance's steps. */
  derive(steps: readonly StepLine[]): Record<string, TraceValue>;
  /**
   * A derived constant that only bounds the size of the state: no action
   * reads an entry above every value of it the steps mention.  Each chunk
   * then takes the value the steps up to its end need (grow.ts).
   */
  readonly growing?: string;
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
    return { Values: [...values].sort(), MaxBallot: maxOf(ballots, 0) };
  },
};

/** Every value of these fields, at any depth of the steps' params, messages and variables. */
function deepMentioned(steps: readonly StepLine[], fields: ReadonlySet<string>): TraceValue[] {
  const out: TraceValue[] = [];
  const walk = (x: TraceValue) => {
    if (Array.isArray(x)) for (const e of x) walk(e);
    else if (x !== null && typeof x === 'object')
      for (const [k, v] of Object.entries(x)) {
        if (fields.has(k)) for (const y of valuesIn(v)) out.push(y);
        walk(v);
      }
  };
  for (const s of steps) {
    walk(s.params as TraceValue);
    if (s.received) walk(s.received.msg);
    for (const e of s.sent) walk(e.msg);
  }
  return out;
}

/** The numbers that the steps' variable entries name at a position of their key path ("0/5": 5 at position 1), or as keys of a whole row logged there. */
function keyNumbers(steps: readonly StepLine[], variables: ReadonlySet<string>, position: number): number[] {
  const out: number[] = [];
  for (const s of steps)
    for (const [name, entries] of Object.entries(s.vars)) {
      if (!variables.has(name)) continue;
      for (const [key, v] of Object.entries(entries)) {
        const parts = key === '' ? [] : key.split('/');
        if (parts.length > position) out.push(Number(parts[position]));
        else if (parts.length === position && v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...Object.keys(v).map(Number));
      }
    }
  return out.filter((n) => Number.isSafeInteger(n));
}

function varValues(steps: readonly StepLine[], variables: ReadonlySet<string>): TraceValue[] {
  const out: TraceValue[] = [];
  for (const s of steps) for (const [name, entries] of Object.entries(s.vars)) if (variables.has(name)) for (const v of Object.values(entries)) for (const x of valuesIn(v)) out.push(x);
  return out;
}

/** The largest of xs and floor (a loop: spreading a long run's numbers into Math.max overflows the stack). */
const maxOf = (xs: readonly number[], floor: number) => xs.reduce((m, x) => (x > m ? x : m), floor);
const numbers = (xs: readonly TraceValue[]) => xs.filter((x): x is number => typeof x === 'number');
const sizeOf = (v: EngineValue | undefined): number => (Array.isArray(v) ? v.length : typeof v === 'number' ? v : 0);

export const MULTIPAXOS: SpecProfile = {
  module: 'MultiPaxos',
  file: join(specDir, 'MultiPaxos.tla'),
  nullConstant: 'NoVal',
  modelValues: ['NoVal'],
  messages: 'msgs',
  // Slots above every slot a step mentions keep their initial values
  // (NoBallot, None) and no action or guard reads them: ApplySkip and
  // ApplyExecute test applied[s] < MaxSlot, and the applied slot is
  // mentioned; a 1a's `from` may be one above, which VotesFrom and TypeOK
  // allow.
  growing: 'MaxSlot',
  invariants: ['TypeOK', 'SlotAgreement', 'DecidedIsChosen', 'LogPrefix', 'AppliedWasRequested', 'NoDoubleExecution', 'Linearizable'],
  derive(steps) {
    // The bounds of the run: the highest slot, ballot and request number
    // that any step mentions, wherever it mentions it.
    const slotVars = new Set(['vBal', 'vVal', 'lProp', 'decided']);
    const slots = [...numbers(deepMentioned(steps, new Set(['i', 'slot']))), ...keyNumbers(steps, slotVars, 1), ...numbers(varValues(steps, new Set(['applied', 'executed', 'hMax'])))];
    const ballots = [...numbers(deepMentioned(steps, new Set(['b', 'bal']))), ...numbers(varValues(steps, new Set(['maxBal', 'vBal', 'lBal'])))];
    const ids = [...numbers(deepMentioned(steps, new Set(['id']))), ...numbers(varValues(steps, new Set(['cSent']))), ...keyNumbers(steps, new Set(['hFloor']), 1)];
    return { MaxSlot: maxOf(slots, 1), MaxBallot: maxOf(ballots, 0), MaxRequests: maxOf(ids, 0) };
  },
  invariantCost(name, c, messages) {
    // Estimates calibrated on the embedded engine (trace-check/README.md,
    // Invariants): Chosen(i) enumerates every entry, ballot and quorum, and
    // looks each vote up in the set of messages (a cost that grows with
    // it); TypeOK tests each entry it meets against the set of all
    // entries; Linearizable's StoreAfter recomputes the log below a slot for
    // every answer.  The costs grow with the number of entries (clients x
    // requests x commands), the slots and the messages.
    const n = sizeOf(c.get('NumServers'));
    const S = sizeOf(c.get('MaxSlot'));
    const keys = sizeOf(c.get('Keys'));
    const E = sizeOf(c.get('Clients')) * sizeOf(c.get('MaxRequests')) * (keys * sizeOf(c.get('Vals')) + keys) + 1;
    const BQ = (sizeOf(c.get('MaxBallot')) + 1) * sizeOf(c.get('Quorums'));
    const M = messages + 10;
    switch (name) {
      case 'TypeOK':
        return 8 * (M + 3 * n * S) * E;
      case 'SlotAgreement':
        return 0.07 * S * E * BQ * M;
      case 'DecidedIsChosen':
        return 0.03 * n * S * E * BQ * M;
      case 'Linearizable':
        return 0.0004 * M * S * S * E * BQ * M;
      case 'NoDoubleExecution':
        return 1.2 * n * S * S;
      case 'AppliedWasRequested':
        return 0.015 * n * S * M;
      default:
        return 0.01 * n * n * S;
    }
  },
};

export const PROFILES: ReadonlyMap<string, SpecProfile> = new Map([
  [PAXOS.module, PAXOS],
  [MULTIPAXOS.module, MULTIPAXOS],
]);
