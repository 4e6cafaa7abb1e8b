// Checking one instance of the spec (one chain of steps from Init): the
// steps are prepared and the implied states rebuilt in TypeScript, then
// handed to the engine in chunks, each one run of the model checker over a
// module pinned to that chunk.  A step the spec does not allow may be
// explained by steps the log left out: up to maxHidden of them are searched
// for before the step is declared wrong.
import type { TraceState } from '../../modelcheck/src/counterexample.ts';
import { instanceCfg, instanceConstants, initOf, type Context, TRACE_MODULE } from './context.ts';
import { runModule } from './engine-calls.ts';
import { runModuleTlc, tlcFiles } from './tlc.ts';
import type { LocatedStep } from './format.ts';
import { chunkDefinitions, extendModule, type Chunk } from './generate.ts';
import { searchHidden, stateKey, type HiddenSteps } from './hidden.ts';
import { STUTTER, type PreparedStep } from './prepare.ts';
import { applyStep } from './state.ts';
import { canonical, type EngineState, type EngineValue } from './values.ts';

export type ChainFailure =
  /** The step's variables name an entry outside the domain of a spec variable. */
  | { kind: 'shape'; line: number; field: string; reason: string }
  /** From the state before it, the step is not a step of the spec landing on the logged state. */
  | { kind: 'not-a-step'; line: number; step: PreparedStep; before: EngineState; logged: EngineState; hiddenTried: number }
  /** The state the step logged violates an invariant. */
  | { kind: 'invariant'; line: number; step: PreparedStep; invariant: string; before: EngineState; logged: EngineState }
  /** The engine could not evaluate the step (e.g. a parameter of the wrong type). */
  | { kind: 'engine'; line: number; step: PreparedStep; before: EngineState; message: string };

export interface ChainOutcome {
  readonly instance: number;
  readonly steps: readonly LocatedStep[];
  /** Steps checked before the first failure (all of them when there is none). */
  readonly checked: number;
  readonly hidden: readonly HiddenSteps[];
  readonly failure?: ChainFailure;
  readonly constants: ReadonlyMap<string, EngineValue>;
}

export async function checkChain(ctx: Context, instance: number, steps: readonly LocatedStep[], all: readonly PreparedStep[]): Promise<ChainOutcome> {
  const constants = instanceConstants(ctx, steps.map((s) => s.step));
  const prepared = [...all];
  let shapeFailure: ChainFailure | undefined;
  const hidden: HiddenSteps[] = [];
  const done = (checked: number, failure?: ChainFailure): ChainOutcome => ({ instance, steps, checked, hidden, constants, ...(failure ? { failure } : {}) });

  // before[i]: the state before prepared[i]; rebuilt again from a new
  // state whenever hidden steps are inserted.  Stutter steps are checked
  // here, as they are rebuilt: the spec allows a stutter exactly when no
  // variable changes, so a state comparison decides it, and the engine is
  // spared a state (and its invariants) per stutter.  stutterFailure is the
  // first stutter that changes something.
  const before: EngineState[] = [];
  let stutterFailure: number | undefined;
  const rebuild = (from: number, state: EngineState): ChainFailure | undefined => {
    before.length = from;
    stutterFailure = undefined;
    let s = state;
    for (let i = from; i < prepared.length; i++) {
      before.push(s);
      const p = prepared[i]!;
      const r = applyStep(s, p, ctx.profile);
      if (!r.ok) {
        prepared.length = i;
        return { kind: 'shape', line: steps[i]!.line, field: r.field, reason: r.reason };
      }
      if (p.action === STUTTER && stutterFailure === undefined && !isStutter(ctx, s, r.state, p)) stutterFailure = i;
      s = r.state;
    }
    before.push(s);
    return undefined;
  };
  shapeFailure = rebuild(0, await initOf(ctx, constants)) ?? shapeFailure;

  let i = 0;
  let fromInit = true;
  while (i < prepared.length) {
    const limit = stutterFailure ?? prepared.length;
    const idxs: number[] = [];
    for (let k = i; k < limit && idxs.length < ctx.chunkSize; k++) if (prepared[k]!.action !== STUTTER) idxs.push(k);
    let failed: number | undefined;
    if (idxs.length > 0) {
      const outcome = await runChunk(ctx, constants, { start: fromInit ? null : before[idxs[0]!]!, steps: idxs.map((k) => prepared[k]!), before: idxs.map((k) => before[k]!) });
      fromInit = false;
      if (outcome.kind === 'ok') {
        i = idxs.length < ctx.chunkSize ? limit : idxs[idxs.length - 1]! + 1;
        if (i < limit || stutterFailure === undefined) continue;
        failed = stutterFailure;
      } else {
        const k = idxs[outcome.index]!;
        const p = prepared[k]!;
        if (outcome.kind === 'invariant') return done(k, { kind: 'invariant', line: p.line, step: p, invariant: outcome.invariant, before: before[k]!, logged: before[k + 1]! });
        if (outcome.kind === 'engine') return done(k, { kind: 'engine', line: p.line, step: p, before: before[k]!, message: outcome.message });
        failed = k;
      }
    } else {
      if (stutterFailure === undefined) break;
      failed = stutterFailure;
    }
    const k = failed;
    const p = prepared[k]!;
    const found = ctx.maxHidden > 0 ? await searchHidden(ctx, constants, before[k]!, p) : null;
    if (!found) return done(k, { kind: 'not-a-step', line: p.line, step: p, before: before[k]!, logged: before[k + 1]!, hiddenTried: ctx.maxHidden });
    hidden.push(found);
    // The log goes on from the state the hidden steps and this step reached.
    const failure = rebuild(k + 1, found.after);
    if (failure) shapeFailure = failure;
    i = k + 1;
    fromInit = false;
  }
  return done(prepared.length, shapeFailure);
}

/** A stutter: no variable changes, and a message it consumed was sent. */
function isStutter(ctx: Context, s: EngineState, t: EngineState, p: PreparedStep): boolean {
  if (stateKey(s) !== stateKey(t)) return false;
  if (!p.received) return true;
  const msgs = s[ctx.profile.messages];
  const want = canonical(p.received);
  return Array.isArray(msgs) && msgs.some((m) => canonical(m) === want);
}

type ChunkOutcome =
  | { kind: 'ok' }
  | { kind: 'stuck'; index: number }
  | { kind: 'invariant'; index: number; invariant: string }
  | { kind: 'engine'; index: number; message: string };

async function runChunk(ctx: Context, constants: ReadonlyMap<string, EngineValue>, chunk: Chunk): Promise<ChunkOutcome> {
  const module = extendModule(ctx.spec, TRACE_MODULE, chunkDefinitions(ctx.spec, ctx.profile, chunk));
  const cfg = instanceCfg(ctx, constants, 'TraceInit', 'TraceNext', ctx.profile.invariants, true);
  const r = ctx.tlcJar
    ? await runModuleTlc(ctx.tlcJar, TRACE_MODULE, tlcFiles(module, constants, ctx.profile.modelValues, cfg), ctx.profile.invariants)
    : await runModule(ctx.pool, module, cfg, chunk.steps.length + 10);
  switch (r.kind) {
    case 'ok':
      return { kind: 'ok' };
    case 'stuck':
      return { kind: 'stuck', index: checkedPos(r.pos, r.states) };
    case 'invariant':
      // The state after step pos violates it; pos 0 is the start state,
      // which only the spec's own Init could make wrong.
      return { kind: 'invariant', index: Math.max(0, checkedPos(r.pos, r.states) - 1), invariant: ctx.profile.invariants[r.invariant] ?? `invariant ${r.invariant}` };
    case 'error': {
      // Find the step the engine could not evaluate by halving the chunk.
      if (chunk.steps.length === 1) return { kind: 'engine', index: 0, message: `${r.type}: ${r.message}` };
      const mid = chunk.steps.length >> 1;
      const left = await runChunk(ctx, constants, { start: chunk.start, steps: chunk.steps.slice(0, mid), before: chunk.before.slice(0, mid) });
      if (left.kind !== 'ok') return left;
      const right = await runChunk(ctx, constants, { start: chunk.before[mid]!, steps: chunk.steps.slice(mid), before: chunk.before.slice(mid) });
      return right.kind === 'ok' ? { kind: 'engine', index: 0, message: `${r.type}: ${r.message}` } : { ...right, index: right.index + mid };
    }
  }
}

function checkedPos(pos: number, states: TraceState[]): number {
  if (pos < 0) throw new Error(`the engine's counterexample has no position variable (${states.length} states)`);
  return pos;
}
