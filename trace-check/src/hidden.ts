// Steps the log left out.  A node may log only some of its steps, or a
// runtime may not log some at all; the spec state then moves in ways no
// logged line shows.  When a logged step is not a step of the spec from the
// state before it, the checker asks the model checker for the shortest
// sequence of at most K spec steps (any actions of Next) after which it is
// one - a breadth-first search in the engine, in one run - and, if there is
// one, says which steps it had to assume.
import type { TraceState } from '../../modelcheck/src/counterexample.ts';
import { instanceCfg, TRACE_MODULE, BASE_DEFINITIONS, type Context } from './context.ts';
import { runModule, successors } from './engine-calls.ts';
import { extendModule, POS, stateFormula, stepConjuncts } from './generate.ts';
import type { PreparedStep } from './prepare.ts';
import { canonical, fromTlaValue, type EngineState, type EngineValue } from './values.ts';
import { diffStates } from './diff.ts';
import { stateAfter } from './state.ts';

export interface HiddenSteps {
  /** The trace line the hidden steps were inserted before. */
  readonly beforeLine: number;
  readonly steps: readonly { action: string | null; changes: string[] }[];
  /** The state after the logged step that needed them. */
  readonly after: EngineState;
}

/** How many states the search may visit before it gives up. */
const SEARCH_BOUND = 200_000;

export async function searchHidden(ctx: Context, constants: ReadonlyMap<string, EngineValue>, before: EngineState, p: PreparedStep): Promise<HiddenSteps | null> {
  const K = ctx.maxHidden;
  const logged = stateAfter(before, p, ctx.profile);
  if ('error' in logged) return null;
  const defs = [
    ...BASE_DEFINITIONS,
    `TraceHiddenInit == ${POS} = 0 /\\ ${stateFormula(before)}`,
    `TraceHiddenNext == (${POS} >= 0 /\\ ${POS} < ${K} /\\ Next /\\ ${POS}' = ${POS} + 1) \\/ (${POS} >= 0 /\\ ${stepConjuncts(ctx.spec, ctx.profile, p, logged.patches).join(' /\\ ')} /\\ ${POS}' = -1)`,
    `TraceNotFound == ${POS} # -1`,
  ];
  const module = extendModule(ctx.spec, TRACE_MODULE, defs);
  const cfg = instanceCfg(ctx, constants, 'TraceHiddenInit', 'TraceHiddenNext', ['TraceNotFound'], false);
  const r = await runModule(ctx.pool, module, cfg, SEARCH_BOUND);
  if (r.kind !== 'invariant') return null;
  const path = r.states.map(stateOf);
  const after = path[path.length - 1]!;
  // Name each hidden step by the spec action that makes it.
  const steps: { action: string | null; changes: string[] }[] = [];
  // The spec itself (not the extended module) names the action of a transition.
  const specCfg = instanceCfg(ctx, constants, 'Init', 'Next', [], false);
  for (let i = 0; i + 2 < path.length; i++) {
    const want = stateKey(path[i + 1]!);
    const next = await successors(ctx.pool, ctx.spec.text, specCfg, path[i]!);
    const t = next.find((x) => stateKey(x.state) === want);
    steps.push({ action: t?.action ?? null, changes: diffStates(path[i]!, path[i + 1]!) });
  }
  return { beforeLine: p.line, steps, after };
}

export function stateKey(s: EngineState): string {
  return Object.keys(s)
    .sort()
    .map((k) => `${k}=${canonical(s[k]!)}`)
    .join(';');
}

function stateOf(t: TraceState): EngineState {
  const out: EngineState = {};
  for (const [name, v] of t.vars) if (name !== POS) out[name] = fromTlaValue(v);
  return out;
}
