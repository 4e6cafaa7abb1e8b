// Counterexamples from either engine, as a list of states with the action
// that led to each, and their rendering for a reader: the first state in
// full, then per step only what changed (messages added to the network,
// function entries that moved), then the state in which the property fails.
import pc from 'picocolors';
import { parseTlaValue, showTla, showTlaPretty, diffValues, canonical, type TlaValue, type VariableChange } from './tla-value.ts';
import { loadEngine } from './embedded/wasm.ts';

export interface TraceState {
  /** The action that produced this state ("Init" for the first), when known. */
  action?: string;
  vars: [string, TlaValue][];
  /** The state in the embedded engine's JSON encoding, when it was replayed there. */
  json?: unknown;
}

/** The embedded engine's trace: strings of "State k\n  var = value\n..." blocks. */
export function parseEmbeddedTrace(trace: readonly string[]): TraceState[] {
  const states: TraceState[] = [];
  for (const line of trace.join('\n').split('\n')) {
    if (/^State \d+\s*$/.test(line)) {
      states.push({ vars: [] });
      continue;
    }
    const m = /^\s+([A-Za-z_]\w*) = (.*)$/.exec(line);
    if (m && states.length > 0) states[states.length - 1]!.vars.push([m[1]!, parseTlaValue(m[2]!)]);
  }
  return states;
}

/** TLC's trace: "State n: <Action ...>" followed by "/\ var = value" lines, values possibly wrapped. */
export function parseTlcTrace(output: string): TraceState[] {
  const states: TraceState[] = [];
  let current: { action?: string; lines: [string, string][] } | null = null;
  const flush = () => {
    if (current) {
      const state: TraceState = { vars: current.lines.map(([k, v]) => [k, parseTlaValue(v)]) };
      if (current.action !== undefined) state.action = current.action;
      states.push(state);
    }
  };
  for (const line of output.split('\n')) {
    const header = /^State \d+: <(.*?)>/.exec(line);
    if (header) {
      flush();
      const label = header[1]!;
      current = { action: label === 'Initial predicate' ? 'Init' : label.split(' ')[0]!, lines: [] };
      continue;
    }
    if (!current) continue;
    const assign = /^\/\\ ([A-Za-z_]\w*) = (.*)$/.exec(line);
    if (assign) current.lines.push([assign[1]!, assign[2]!]);
    else if (line.trim() === '' || /^(Error|Finished|\d+ states generated)/.test(line)) {
      flush();
      current = null;
    } else if (current.lines.length > 0) current.lines[current.lines.length - 1]![1] += ` ${line.trim()}`;
  }
  flush();
  return states;
}

/**
 * The embedded engine's traces do not name actions.  Recover the names by
 * replaying the trace with the engine's exploration API: from each state,
 * the transition that lands on the next one names its action.  Leaves the
 * trace as it is where a step cannot be matched.
 */
export function nameActions(spec: string, cfg: string, states: TraceState[]): TraceState[] {
  const tla = loadEngine();
  const key = (vars: Iterable<[string, TlaValue]>) =>
    [...vars].map(([k, v]) => `${k}=${canonical(v)}`).sort().join(';');
  const keyOfDisplay = (display: Record<string, string>) =>
    key(Object.entries(display).map(([k, v]) => [k, parseTlaValue(v)] as [string, TlaValue]));
  type Explored = { display: Record<string, string>; json: unknown };
  const named = states.map((s) => ({ ...s }));
  try {
    const init = JSON.parse(tla.explore_init(spec, cfg, '{}')) as { states?: Explored[] };
    let current: Explored | undefined = init.states?.find((s) => keyOfDisplay(s.display) === key(states[0]?.vars ?? []));
    if (!current) return named;
    named[0]!.action = 'Init';
    named[0]!.json = current.json;
    for (let i = 1; i < states.length && current; i++) {
      const next = JSON.parse(tla.explore_next(spec, cfg, '{}', JSON.stringify(current.json))) as {
        transitions?: { action: string | null; state: Explored }[];
      };
      const want = key(states[i]!.vars);
      const step = next.transitions?.find((t) => keyOfDisplay(t.state.display) === want);
      if (!step) break;
      if (step.action) named[i]!.action = step.action;
      named[i]!.json = step.state.json;
      current = step.state;
    }
  } catch {
    // Naming is a courtesy to the reader; the counterexample stands without it.
  }
  return named;
}

function describeChange(name: string, change: VariableChange, color: boolean): string[] {
  const c = color ? pc : { yellow: (s: string) => s, green: (s: string) => s, red: (s: string) => s, bold: (s: string) => s };
  const label = c.bold(c.yellow(name));
  switch (change.kind) {
    case 'set':
      return [
        ...change.added.map((e) => `${label} ${c.green('+')} ${showTla(e)}`),
        ...change.removed.map((e) => `${label} ${c.red('-')} ${showTla(e)}`),
      ];
    case 'entries':
      return change.changed.map(
        ({ key, before, after }) =>
          `${label}[${key}]  ${before ? showTla(before) : '(absent)'} -> ${c.yellow(after ? showTla(after) : '(absent)')}`,
      );
    case 'whole':
      return [`${label}  ${showTla(change.before)} -> ${c.yellow(showTla(change.after))}`];
  }
}

export function renderCounterexample(states: TraceState[], opts: { color: boolean }): string {
  const dim = opts.color ? pc.dim : (s: string) => s;
  const bold = opts.color ? pc.bold : (s: string) => s;
  const out: string[] = [];
  const full = (s: TraceState) =>
    s.vars.map(([k, v]) => `      ${k} = ${showTlaPretty(v, ' '.repeat(9 + k.length))}`);
  states.forEach((state, i) => {
    out.push(`  ${bold(String(i + 1).padStart(3))}  ${bold(state.action ?? (i === 0 ? 'Init' : '(step)'))}`);
    if (i === 0) {
      out.push(...full(state));
      return;
    }
    const before = new Map(states[i - 1]!.vars);
    const unchanged: string[] = [];
    for (const [k, v] of state.vars) {
      const prev = before.get(k);
      const change = prev ? diffValues(prev, v) : { kind: 'whole' as const, before: v, after: v };
      if (change) out.push(...describeChange(k, change, opts.color).map((l) => `      ${l}`));
      else unchanged.push(k);
    }
    if (unchanged.length > 0) out.push(dim(`      unchanged: ${unchanged.join(', ')}`));
  });
  const last = states[states.length - 1];
  if (last && states.length > 1) {
    out.push(`  ${bold('final state')}`);
    out.push(...full(last));
  }
  return out.join('\n');
}
