// Traces generated FROM THE SPEC: a seeded random walk through the spec's
// own Next with the embedded engine's exploration API, each transition
// written as a trace line in the format of trace.schema.json (node, action,
// params, received, sent, the variable entries that changed).  A faithful
// trace by construction, whatever the implementation does: the checker must
// accept it, and must reject its corrupted copies at the corrupted line.
//
// The engine's transitions name their action but not its arguments, so the
// walk runs a module in which Next's every disjunct also records them:
//
//   \/ \E walkArg1 \in Servers, walkArg2 \in Msgs2a :
//         Phase2b(walkArg1, walkArg2) /\ walkAction' = "Phase2b" /\ walkArgs' = <<walkArg1, walkArg2>>
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../modelcheck/src/embedded/wasm.ts';
import { Rng } from '../../impl/src/runtime/sim/rng.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Envelope, type StepLine, type TraceHeader, type TraceValue } from './format.ts';
import { cfgText } from './generate.ts';
import type { SpecProfile } from './profiles.ts';
import { parseSpecModule, type SpecModule } from './spec-module.ts';
import { canonical, fnPairs, fromTrace, toTrace, type EngineState, type EngineValue } from './values.ts';

export interface WalkOptions {
  readonly profile: SpecProfile;
  /** The spec's constants as a trace header gives them (null: the null constant). */
  readonly constants: Readonly<Record<string, TraceValue>>;
  readonly steps: number;
  readonly seed: number;
  /** Relative weight of each action when several are enabled (default 1). */
  readonly weights?: Readonly<Record<string, number>>;
  /** The node that takes a step: by default its first argument (a number k is server "s<k>"). */
  readonly node?: (action: string, args: Readonly<Record<string, TraceValue>>) => string;
  /** The message a step consumed, if any: by default its argument m, except for Decide (which counts votes). */
  readonly received?: (action: string, args: Readonly<Record<string, TraceValue>>) => TraceValue | undefined;
  readonly specFile?: string;
}

export interface Walk {
  readonly header: TraceHeader;
  readonly lines: StepLine[];
  /** The trace as NDJSON, header first. */
  readonly text: string;
  /** The spec state after each line (index 0: the initial state). */
  readonly states: EngineState[];
}

const ACTION = 'walkAction';
const ARGS = 'walkArgs';

/** The spec extended with the two recording variables, its Init and Next recording the step taken. */
export function walkModule(spec: SpecModule): string {
  let text = spec.text.replace(/(-{4,}\s*MODULE\s+)\w+/, '$1SpecWalk');
  text = text.replace(/^VARIABLES?\b/m, `VARIABLES ${ACTION}, ${ARGS},`);
  const disjuncts = [...spec.actions.values()].map((a) => {
    const bound = a.params.map((p, k) => {
      if (!p.domain) throw new Error(`${a.name}'s parameter ${p.name} is not drawn from a set by Next`);
      return `walkArg${k + 1} \\in ${p.domain}`;
    });
    const args = a.params.map((_, k) => `walkArg${k + 1}`);
    const body = `${a.name}(${args.join(', ')}) /\\ ${ACTION}' = "${a.name}" /\\ ${ARGS}' = <<${args.join(', ')}>>`;
    return `    \\/ ${bound.length > 0 ? `\\E ${bound.join(', ')} : ` : ''}${body}`;
  });
  const defs = [`WalkInit == Init /\\ ${ACTION} = "" /\\ ${ARGS} = <<>>`, `WalkNext ==\n${disjuncts.join('\n')}`];
  const end = text.lastIndexOf('====');
  return `${text.slice(0, end)}\n${defs.join('\n')}\n${text.slice(end)}`;
}

function defaultNode(_action: string, args: Readonly<Record<string, TraceValue>>): string {
  const first = Object.values(args)[0];
  return typeof first === 'number' ? `s${first}` : typeof first === 'string' ? first : 'env';
}

function defaultReceived(action: string, args: Readonly<Record<string, TraceValue>>): TraceValue | undefined {
  return action === 'Decide' ? undefined : args.m;
}

export function walkSpec(opts: WalkOptions): Walk {
  const tla = loadEngine();
  const specText = readFileSync(opts.specFile ?? opts.profile.file, 'utf8');
  const spec = parseSpecModule(specText);
  const module = walkModule(spec);
  const nul = opts.profile.nullConstant;
  const constants = new Map<string, EngineValue>();
  for (const name of spec.constants) {
    if (opts.profile.modelValues.includes(name)) constants.set(name, { __model: name });
    else if (Object.hasOwn(opts.constants, name)) constants.set(name, fromTrace(opts.constants[name]!, nul));
    else throw new Error(`walkSpec: constant ${name} is not given`);
  }
  const cfg = cfgText({ constants, modelValues: opts.profile.modelValues, init: 'WalkInit', next: 'WalkNext', invariants: [], checkDeadlock: false });
  const init = JSON.parse(tla.explore_init(module, cfg, '{}')) as { ok?: boolean; error?: string; states?: { json: EngineState }[] };
  if (!init.states?.[0]) throw new Error(`walkSpec: Init: ${init.error ?? 'no initial state'}`);
  const rng = new Rng(opts.seed);
  const strip = (s: EngineState): EngineState => {
    const { [ACTION]: _a, [ARGS]: _p, ...rest } = s;
    return rest;
  };
  let state = init.states[0].json;
  const states = [strip(state)];
  const lines: StepLine[] = [];
  for (let n = 0; n < opts.steps; n++) {
    const r = JSON.parse(tla.explore_next(module, cfg, '{}', JSON.stringify(state))) as { ok?: boolean; error?: string; transitions?: { state: { json: EngineState } }[] };
    if (!r.ok) throw new Error(`walkSpec: Next: ${r.error ?? 'unknown error'}`);
    const next = (r.transitions ?? []).map((t) => t.state.json);
    if (next.length === 0) break;
    // An action first (weighted), then one of its steps: a walk that picks
    // among all steps alike would mostly propose and request.
    const byAction = new Map<string, EngineState[]>();
    for (const t of next) {
      const a = t[ACTION] as string;
      byAction.set(a, [...(byAction.get(a) ?? []), t]);
    }
    const names = [...byAction.keys()].sort();
    const weight = (a: string) => opts.weights?.[a] ?? 1;
    const total = names.reduce((s, a) => s + weight(a), 0);
    if (total <= 0) break;
    let x = rng.next() * total;
    const action = names.find((a) => (x -= weight(a)) < 0) ?? names[names.length - 1]!;
    const chosen = rng.pick(byAction.get(action)!);
    lines.push(stepLine(spec, opts, n + 1, strip(state), strip(chosen), action, chosen[ARGS]!));
    state = chosen;
    states.push(strip(state));
  }
  const header: TraceHeader = { format: TRACE_FORMAT, version: TRACE_VERSION, spec: spec.name, constants: opts.constants, complete: true, source: { generator: 'trace-check/src/spec-walk.ts', seed: opts.seed } };
  const text = `${[header, ...lines].map((l) => JSON.stringify(l)).join('\n')}\n`;
  return { header, lines, text, states };
}

function stepLine(spec: SpecModule, opts: WalkOptions, seq: number, before: EngineState, after: EngineState, action: string, recorded: EngineValue): StepLine {
  const nul = opts.profile.nullConstant;
  const formal = spec.actions.get(action)!.params.map((p) => p.name);
  const values = fnPairs(recorded)?.map(([, v]) => v) ?? [];
  const params: Record<string, TraceValue> = Object.fromEntries(formal.map((name, k) => [name, toTrace(values[k]!, nul)]));
  const msgs = opts.profile.messages;
  const old = new Set((before[msgs] as EngineValue[]).map(canonical));
  const sent: Envelope[] = (after[msgs] as EngineValue[]).filter((m) => !old.has(canonical(m))).map((m) => ({ msg: toTrace(m, nul) as Envelope['msg'] }));
  const vars: Record<string, Record<string, TraceValue>> = {};
  for (const name of spec.variables) {
    if (name === msgs || !(name in after)) continue;
    const changed: Record<string, TraceValue> = {};
    changedEntries(before[name]!, after[name]!, '', true, (key, v) => (changed[key] = toTrace(v, nul)));
    if (Object.keys(changed).length > 0) vars[name] = changed;
  }
  const received = (opts.received ?? defaultReceived)(action, params);
  return {
    seq,
    node: (opts.node ?? defaultNode)(action, params),
    action,
    params,
    ...(received !== undefined ? { received: { msg: received as Envelope['msg'] } } : {}),
    sent,
    vars,
  };
}

/**
 * The entries that differ, at the deepest function level: down through
 * functions over numbers (servers, slots, request numbers) at any depth,
 * and through a function over strings (clients) at the top only, so that a
 * record (an entry, a store) is one value.  A set that grew is logged by
 * the elements it gained (key "0+").
 */
function changedEntries(a: EngineValue, b: EngineValue, path: string, top: boolean, emit: (key: string, v: EngineValue) => void): void {
  if (canonical(a) === canonical(b)) return;
  const numeric = (v: EngineValue) => v !== null && typeof v === 'object' && !Array.isArray(v) && ('__fn' in v || '__tuple' in v);
  const plain = (v: EngineValue) => v !== null && typeof v === 'object' && !Array.isArray(v) && !('__model' in v);
  if ((numeric(a) && numeric(b)) || (top && plain(a) && plain(b) && !numeric(a) && !numeric(b))) {
    const pa = fnPairs(a)!;
    const pb = new Map(fnPairs(b)!.map(([k, v]) => [canonical(k), v]));
    if (pa.length === pb.size && pa.every(([k]) => pb.has(canonical(k)))) {
      for (const [k, v] of pa) changedEntries(v, pb.get(canonical(k))!, path === '' ? String(k) : `${path}/${String(k)}`, false, emit);
      return;
    }
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // A set that only grew is logged by what it gained: key "0+".
    const had = new Set(a.map(canonical));
    if (b.length > a.length && a.every((x) => b.some((y) => canonical(y) === canonical(x)))) {
      emit(`${path}+`, b.filter((y) => !had.has(canonical(y))));
      return;
    }
  }
  emit(path, b);
}
