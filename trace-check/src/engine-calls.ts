// The engine calls the checker makes, over the pool, with their results
// read into types: run a generated module, list an initial state, list
// successors, evaluate an expression.
import { parseEmbeddedTrace, type TraceState } from '../../modelcheck/src/counterexample.ts';
import type { EnginePool } from './engine-pool.ts';
import { POS } from './generate.ts';
import type { EngineState, EngineValue } from './values.ts';

export type RunOutcome =
  | { kind: 'ok'; states: number }
  /** No step of the pinned relation from the state reached after `pos` steps. */
  | { kind: 'stuck'; pos: number; states: TraceState[] }
  | { kind: 'invariant'; pos: number; invariant: number; states: TraceState[] }
  | { kind: 'error'; type: string; message: string };

interface CheckResult {
  success: boolean;
  error_type: string | null;
  error_message: string | null;
  states_explored: number;
  trace: string[] | null;
}

function posOf(states: TraceState[]): number {
  const last = states[states.length - 1];
  const v = last?.vars.find(([name]) => name === POS)?.[1];
  return v?.kind === 'int' ? v.value : -1;
}

export async function runModule(pool: EnginePool, module: string, cfg: string, bound: number): Promise<RunOutcome> {
  const text = await pool.call('check_spec_with_options', module, JSON.stringify({ cfg_source: cfg, max_states: bound, max_depth: bound }));
  const r = JSON.parse(text) as CheckResult;
  if (r.success) return { kind: 'ok', states: r.states_explored };
  const states = r.trace ? parseEmbeddedTrace(r.trace) : [];
  if (r.error_type === 'Deadlock') return { kind: 'stuck', pos: posOf(states), states };
  const inv = /Invariant (\d+) violated/.exec(r.error_message ?? '');
  if (r.error_type === 'InvariantViolation' && inv) return { kind: 'invariant', pos: posOf(states), invariant: Number(inv[1]), states };
  return { kind: 'error', type: r.error_type ?? 'unknown', message: r.error_message ?? '' };
}

export async function initialState(pool: EnginePool, module: string, cfg: string): Promise<EngineState> {
  const r = JSON.parse(await pool.call('explore_init', module, cfg, '{}')) as { ok?: boolean; error?: string; states?: { json: EngineState }[] };
  const s = r.states?.[0]?.json;
  if (!s) throw new Error(`the spec's Init could not be evaluated: ${r.error ?? 'no initial state'}`);
  if ((r.states?.length ?? 0) > 1) throw new Error(`the spec's Init has ${r.states!.length} states for these constants; a trace must start from a single one`);
  const { [POS]: _pos, ...state } = s;
  return state;
}

export interface Transition {
  action: string | null;
  state: EngineState;
}

export async function successors(pool: EnginePool, module: string, cfg: string, state: EngineState): Promise<Transition[]> {
  const r = JSON.parse(await pool.call('explore_next', module, cfg, '{}', JSON.stringify({ ...state, [POS]: 0 }))) as {
    ok?: boolean;
    error?: string;
    transitions?: { action: string | null; state: { json: EngineState } }[];
  };
  if (!r.ok) throw new Error(`the engine could not compute successors: ${r.error ?? 'unknown error'}`);
  return (r.transitions ?? []).map((t) => {
    const { [POS]: _pos, ...rest } = t.state.json;
    return { action: t.action, state: rest };
  });
}

export type Evaluated = { ok: true; value: EngineValue; shown: string } | { ok: false; error: string };

export async function evaluate(pool: EnginePool, module: string, cfg: string, state: EngineState, expr: string): Promise<Evaluated> {
  const r = JSON.parse(await pool.call('explore_eval', module, cfg, '{}', JSON.stringify({ ...state, [POS]: 0 }), expr)) as {
    ok?: boolean;
    error?: string;
    json?: EngineValue;
    value?: string;
  };
  return r.ok ? { ok: true, value: r.json ?? null, shown: r.value ?? '' } : { ok: false, error: r.error ?? 'unknown error' };
}
