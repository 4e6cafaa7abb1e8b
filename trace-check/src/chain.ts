// Checking one instance of the spec (one chain of steps from Init): the
// states the log implies are rebuilt in TypeScript (state.ts), and the
// steps handed to the engine in chunks, each one run of the model checker
// over a module pinned to that chunk.  Since every step asserts the whole
// state it lands on, the state the log implies before a chunk is the one
// the engine reaches if the chunks before it pass: the chunks of one chain
// run side by side on the engine pool, and their outcomes are taken in
// order.  A step the spec does not allow may be explained by steps the log
// left out: up to maxHidden of them are searched for before the step is
// declared wrong, and the chain goes on from the state they reach.  A
// constant that only bounds the state's size may be sized chunk by chunk to
// what the run has used so far (grow.ts).
import type { TraceState } from '../../modelcheck/src/counterexample.ts';
import { instanceCfg, instanceConstants, initOf, type Context, TRACE_MODULE } from './context.ts';
import { runModule } from './engine-calls.ts';
import { runModuleTlc, tlcFiles } from './tlc.ts';
import type { LocatedStep } from './format.ts';
import { chunkDefinitions, extendModule, stepConjuncts, type Chunk, type ChunkInvariant, type ChunkStep } from './generate.ts';
import { chunkSizer, type ChunkSizer } from './grow.ts';
import { searchHidden, type HiddenSteps } from './hidden.ts';
import { STUTTER, type PreparedStep } from './prepare.ts';
import { INVARIANT_BUDGET } from './profiles.ts';
import { StateTracker } from './state.ts';
import type { EngineState, EngineValue } from './values.ts';

export type ChainFailure =
  /** The step's variables name an entry outside the domain of a spec variable. */
  | { kind: 'shape'; line: number; field: string; reason: string }
  /** From the state before it, the step is not a step of the spec landing on the logged state. */
  | { kind: 'not-a-step'; line: number; step: PreparedStep; before: EngineState; logged: EngineState; hiddenTried: number }
  /** The state the step logged violates an invariant. */
  | { kind: 'invariant'; line: number; step: PreparedStep; invariant: string; before: EngineState; logged: EngineState }
  /** The engine could not evaluate the step (e.g. a parameter of the wrong type). */
  | { kind: 'engine'; line: number; step: PreparedStep; before: EngineState; message: string };

/** On how many logged states (after an engine-checked step) an invariant was evaluated, and the last line. */
export interface InvariantCoverage {
  states: number;
  lastLine: number;
}

export interface ChainOutcome {
  readonly instance: number;
  readonly steps: readonly LocatedStep[];
  /** Steps checked before the first failure (all of them when there is none). */
  readonly checked: number;
  /** Steps the engine checked (the others are stutters, decided by comparing states). */
  readonly engineSteps: number;
  readonly hidden: readonly HiddenSteps[];
  readonly failure?: ChainFailure;
  readonly constants: ReadonlyMap<string, EngineValue>;
  readonly invariants: ReadonlyMap<string, InvariantCoverage>;
}

/** Where a run of chunks stopped: at a step whose state is needed again (to diagnose it, or to search for hidden steps). */
type Stop =
  | { kind: 'done' }
  | { kind: 'failure'; failure: ChainFailure }
  | { kind: 'not-a-step'; index: number; before: EngineState };

export async function checkChain(ctx: Context, instance: number, steps: readonly LocatedStep[], prepared: readonly PreparedStep[]): Promise<ChainOutcome> {
  const constants = instanceConstants(ctx, steps.map((s) => s.step));
  const hidden: HiddenSteps[] = [];
  const run: RunState = { checked: 0, engineSteps: 0, invariants: new Map() };
  const done = (checked: number, failure?: ChainFailure): ChainOutcome => ({
    instance,
    steps,
    checked,
    engineSteps: run.engineSteps,
    hidden,
    constants,
    invariants: run.invariants,
    ...(failure ? { failure } : {}),
  });
  let start = await initOf(ctx, constants);
  const sizer = await chunkSizer(ctx, constants, prepared.map((p) => p.step));
  let from = 0;
  let fromInit = true;
  for (;;) {
    const stop = await runFrom(ctx, constants, sizer, prepared, from, start, fromInit, run);
    if (stop.kind === 'done') return done(prepared.length);
    if (stop.kind === 'failure') return done(run.checked, stop.failure);
    const k = stop.index;
    const p = prepared[k]!;
    const found = ctx.maxHidden > 0 ? await searchHidden(ctx, constants, stop.before, p) : null;
    if (!found) {
      const logged = new StateTracker(stop.before, ctx.profile);
      logged.apply(p);
      return done(k, { kind: 'not-a-step', line: p.line, step: p, before: stop.before, logged: logged.snapshot(), hiddenTried: ctx.maxHidden });
    }
    hidden.push(found);
    // The log goes on from the state the hidden steps and this step reached.
    start = found.after;
    from = k + 1;
    fromInit = false;
  }
}

interface RunState {
  checked: number;
  engineSteps: number;
  invariants: Map<string, InvariantCoverage>;
}

interface PendingChunk {
  /** The index (in prepared) of the chunk's first step, and the state before it. */
  readonly startIndex: number;
  readonly startState: EngineState;
  /** The index in prepared of each engine-checked step. */
  readonly indexes: readonly number[];
  readonly chunk: Chunk;
  /** The constants the chunk is checked with (the growing one sized to it), and that size. */
  readonly constants: ReadonlyMap<string, EngineValue>;
  readonly size: number | null;
  /** The index after the chunk's last step, stutters included. */
  readonly end: number;
}

async function runFrom(
  ctx: Context,
  constants: ReadonlyMap<string, EngineValue>,
  sizer: ChunkSizer | null,
  prepared: readonly PreparedStep[],
  from: number,
  start: EngineState,
  fromInit: boolean,
  run: RunState,
): Promise<Stop> {
  const tracker = new StateTracker(start, ctx.profile);
  let i = from;
  let halt: { index: number; kind: 'stutter' } | { index: number; kind: 'shape'; field: string; reason: string } | undefined;
  let last: { index: number; state: EngineState } = { index: from, state: start };

  // The next chunk: up to chunkSize engine steps, the stutters between them
  // decided here (the spec allows a stutter exactly when no variable
  // changes and a message it consumed was sent).
  const nextChunk = (): PendingChunk | null => {
    if (halt || i >= prepared.length) return null;
    const startIndex = i;
    const startState = i === from ? start : tracker.snapshot();
    last = { index: startIndex, state: startState };
    const cs: ChunkStep[] = [];
    const indexes: number[] = [];
    const sizes: number[] = [];
    while (i < prepared.length && cs.length < ctx.chunkSize) {
      const p = prepared[i]!;
      const r = tracker.apply(p);
      if (!r.ok) {
        halt = { index: i, kind: 'shape', field: r.field, reason: r.reason };
        break;
      }
      if (p.action === STUTTER) {
        if (r.changes || !r.receivedWasSent) {
          halt = { index: i, kind: 'stutter' };
          break;
        }
      } else {
        cs.push({ step: p, conjuncts: stepConjuncts(ctx.spec, ctx.profile, p, r.patches) });
        indexes.push(i);
        sizes.push(tracker.messageCount);
      }
      i++;
    }
    if (cs.length === 0) {
      run.checked = i;
      return null;
    }
    // The tracker's states are as large as the instance's constants say;
    // the chunk's may be smaller (grow.ts).
    const size = sizer ? sizer.boundAt(i - 1) : null;
    const sized = sizer && size !== null ? sizer.constantsFor(size) : constants;
    const chunkStart = startIndex === from && fromInit ? null : cutFor(startState, size);
    return { startIndex, startState, indexes, end: i, constants: sized, size, chunk: { start: chunkStart, steps: cs, invariants: invariantsFor(ctx, sized, sizes) } };
  };

  const cutFor = (state: EngineState, size: number | null): EngineState => (sizer && size !== null ? sizer.cut(state, size) : state);

  /** The step of a chunk the engine could not evaluate: the first half that fails, halved again. */
  const locateError = async (pending: PendingChunk, message: string): Promise<ChunkOutcome> => {
    let lo = 0;
    let hi = pending.indexes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      const start = lo === 0 ? pending.chunk.start : cutFor(stateBefore(pending.startIndex, pending.startState, pending.indexes[lo]!), pending.size);
      const steps = pending.chunk.steps.slice(lo, mid);
      const o = await runChunk(ctx, pending.constants, { start, steps, invariants: [] });
      if (o.kind === 'ok') lo = mid;
      else if (o.kind === 'error') hi = mid;
      else return { ...o, index: o.index + lo };
    }
    return { kind: 'engine', index: lo, message };
  };

  /** The state before prepared[k], replayed from the start of the chunk that holds it. */
  const stateBefore = (chunkStart: number, state: EngineState, k: number): EngineState => {
    const t = new StateTracker(state, ctx.profile);
    for (let j = chunkStart; j < k; j++) t.apply(prepared[j]!);
    return t.snapshot();
  };

  const inflight: { pending: PendingChunk; outcome: Promise<ChunkOutcome> }[] = [];
  const window = Math.max(1, ctx.pool.size);
  for (;;) {
    while (inflight.length < window) {
      const pending = nextChunk();
      if (!pending) break;
      inflight.push({ pending, outcome: runChunk(ctx, pending.constants, pending.chunk) });
    }
    const head = inflight.shift();
    if (!head) break;
    const { pending } = head;
    let outcome = await head.outcome;
    if (outcome.kind === 'error') outcome = await locateError(pending, outcome.message);
    if (outcome.kind === 'error') throw new Error('unreachable: locateError names a step');
    if (outcome.kind === 'ok') {
      ctx.onChecked?.(pending.end - pending.startIndex);
      run.checked = pending.end;
      run.engineSteps += pending.indexes.length;
      recordInvariants(run, pending, prepared);
      continue;
    }
    // Outcomes after a failure are of no use: the log is wrong before them.
    inflight.length = 0;
    const k = pending.indexes[outcome.index]!;
    const p = prepared[k]!;
    run.checked = k;
    run.engineSteps += outcome.index;
    const before = stateBefore(pending.startIndex, pending.startState, k);
    if (outcome.kind === 'stuck') return { kind: 'not-a-step', index: k, before };
    const after = stateBefore(pending.startIndex, pending.startState, k + 1);
    if (outcome.kind === 'invariant') return { kind: 'failure', failure: { kind: 'invariant', line: p.line, step: p, invariant: outcome.invariant, before, logged: after } };
    return { kind: 'failure', failure: { kind: 'engine', line: p.line, step: p, before, message: outcome.message } };
  }
  if (!halt) return { kind: 'done' };
  run.checked = halt.index;
  const p = prepared[halt.index]!;
  if (halt.kind === 'shape') return { kind: 'failure', failure: { kind: 'shape', line: p.line, field: halt.field, reason: halt.reason } };
  return { kind: 'not-a-step', index: halt.index, before: stateBefore(last.index, last.state, halt.index) };
}

/** Which invariants this chunk checks, and on which of its states (sizes: messages after each step). */
function invariantsFor(ctx: Context, constants: ReadonlyMap<string, EngineValue>, sizes: readonly number[]): ChunkInvariant[] {
  const cost = ctx.profile.invariantCost;
  return ctx.profile.invariants.map((name) => {
    if (!cost) return { name, at: 'every' };
    const at: number[] = [];
    sizes.forEach((n, k) => {
      const c = cost(name, constants, n);
      if (c <= INVARIANT_BUDGET.every || (k === sizes.length - 1 && c <= INVARIANT_BUDGET.sample)) at.push(k + 1);
    });
    return { name, at: at.length === sizes.length ? 'every' : at };
  });
}

function recordInvariants(run: RunState, pending: PendingChunk, prepared: readonly PreparedStep[]): void {
  for (const inv of pending.chunk.invariants) {
    const at = inv.at === 'every' ? pending.indexes.map((_, k) => k + 1) : inv.at;
    if (at.length === 0) continue;
    const c = run.invariants.get(inv.name) ?? { states: 0, lastLine: 0 };
    c.states += at.length;
    c.lastLine = Math.max(c.lastLine, prepared[pending.indexes[at[at.length - 1]! - 1]!]!.line);
    run.invariants.set(inv.name, c);
  }
}

type ChunkOutcome =
  | { kind: 'ok' }
  | { kind: 'stuck'; index: number }
  | { kind: 'invariant'; index: number; invariant: string }
  | { kind: 'engine'; index: number; message: string }
  /** The engine could not evaluate some step of the chunk; which one is found by halving it. */
  | { kind: 'error'; message: string };

async function runChunk(ctx: Context, constants: ReadonlyMap<string, EngineValue>, chunk: Chunk): Promise<ChunkOutcome> {
  const { defs, invariants } = chunkDefinitions(ctx.spec, chunk);
  const module = extendModule(ctx.spec, TRACE_MODULE, defs);
  const cfg = instanceCfg(ctx, constants, 'TraceInit', 'TraceNext', invariants, true);
  const r = ctx.tlcJar
    ? await runModuleTlc(ctx.tlcJar, TRACE_MODULE, tlcFiles(module, constants, ctx.profile.modelValues, cfg), invariants)
    : await runModule(ctx.pool, module, cfg, chunk.steps.length + 10);
  const named = (j: number) => {
    const n = invariants[j];
    return n === undefined ? `invariant ${j}` : n.replace(/^TraceAt_/, '');
  };
  switch (r.kind) {
    case 'ok':
      return { kind: 'ok' };
    case 'stuck':
      return { kind: 'stuck', index: checkedPos(r.pos, r.states) };
    case 'invariant':
      // The state after step pos violates it; pos 0 is the start state,
      // which only the spec's own Init could make wrong.
      return { kind: 'invariant', index: Math.max(0, checkedPos(r.pos, r.states) - 1), invariant: named(r.invariant) };
    case 'error':
      return { kind: 'error', message: `${r.type}: ${r.message}` };
  }
}

function checkedPos(pos: number, states: TraceState[]): number {
  if (pos < 0) throw new Error(`the engine's counterexample has no position variable (${states.length} states)`);
  return pos;
}
