// Exhaustive conformance of the real reducers to spec/Paxos.tla, with two
// independent engines: the embedded TLA+ model checker computes the spec's
// whole state graph for the explorer's configuration, and the explorer walks
// every interleaving of the reducers.  Every implementation transition,
// seen through the refinement mapping (spec-view.ts), must be a step of the
// spec's Next or change no spec variable; every spec state it reaches must
// be one the model checker reached.  The spec is model-checked in a Worker
// while the explorer runs here, so the check costs about the longer of the
// two, not their sum.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { specState } from '../../basic/spec-view.ts';
import { runEmbedded } from '../../../../modelcheck/src/embedded/engine.ts';
import { loadEngine } from '../../../../modelcheck/src/embedded/wasm.ts';
import { parseDot, parseStateLabel } from '../../../../modelcheck/src/dot-graph.ts';
import { diffValues } from '../../../../modelcheck/src/tla-value.ts';
import { repoRoot } from '../../../../modelcheck/src/models.ts';
import { Explorer, type ExploreOptions, type ExploreResult, type GlobalState, type Transition } from './explorer.ts';
import { specModelCfg } from './spec-model.ts';
import { SPEC_VARIABLES, specStateKey, specVars, type SpecVars } from './spec-key.ts';
import { SpecSteps } from './spec-steps.ts';

export const SPEC_FILE = join(repoRoot, 'spec', 'Paxos.tla');

export interface ConformanceOptions {
  /**
   * Beyond this many spec states the model checker gives up (default
   * 400,000: its state graph takes about 1 KB a state in DOT, and the whole
   * result must fit in one JavaScript string).
   */
  specMaxStates?: number;
  onProgress?: ExploreOptions['onProgress'];
  /** Replaces the text of spec/Paxos.tla (tests check against altered specs). */
  specSource?: string;
  /** Told what the check waits for once the explorer is done. */
  onStage?: (text: string) => void;
}

export interface SpecGraphFigures {
  /** Reachable spec states. */
  states: number;
  /** Distinct steps between two different reachable states. */
  steps: number;
  /** From the start of the check until the explorer's thread had the result (it runs alongside). */
  seconds: number;
}

export interface ConformanceFailure {
  /** 'initial': the implementation starts outside the spec's Init; 'step': a transition is no step of Next. */
  kind: 'initial' | 'step';
  /** The spec state before the step (absent for 'initial'). */
  before?: SpecVars;
  after: SpecVars;
  /** The spec variables the step changed. */
  changed: string[];
  /** The model checker never reached the state after. */
  unreachable: boolean;
  /** A shortest path of the explorer to the offending transition, which is its last element. */
  path: Transition[];
  /** The implementation states along path (one more than its transitions). */
  states: GlobalState[];
}

export interface ConformanceResult {
  explore: ExploreResult;
  spec: SpecGraphFigures;
  /** Implementation transitions checked. */
  transitions: number;
  /** Of those, the ones that change no spec variable. */
  stutters: number;
  /** Distinct spec steps the implementation takes (pairs of different spec states). */
  specSteps: number;
  /** Distinct spec states the implementation reaches. */
  statesReached: number;
  seconds: number;
  failure?: ConformanceFailure;
}

/** The spec's reachable state graph: state keys (specStateKey) to DOT state numbers, and its edges. */
interface SpecGraph {
  ids: Map<string, number>;
  initial: number;
  edges: Set<number>;
  figures: SpecGraphFigures;
}

export async function runConformance(options: ExploreOptions, opts: ConformanceOptions = {}): Promise<{ explorer: Explorer; result: ConformanceResult }> {
  const started = performance.now();
  const spec = opts.specSource ?? readFileSync(SPEC_FILE, 'utf8');
  const cfg = specModelCfg(options);
  const specMaxStates = opts.specMaxStates ?? 400_000;
  // Started first: the Worker checks the spec while this thread explores.
  const engine = runEmbedded({ spec, cfg, maxStates: specMaxStates, maxDepth: 100_000, exportDot: true });

  let steps: SpecSteps | undefined;
  const { onTransition: _, ...rest } = options;
  const explorer = new Explorer({
    ...rest,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    onTransition: (from, t, to, fromId) => steps!.observe(from, t, to, fromId),
  });
  steps = new SpecSteps(explorer);
  const explored = explorer.run();

  opts.onStage?.('conformance: waiting for the model checker');
  const outcome = await engine;
  opts.onStage?.('conformance: reading the spec\'s state graph');
  const graph = readSpecGraph(outcome, spec, cfg, specMaxStates);
  const config = options.config;
  const varsOf = (s: GlobalState) => specVars(specState(config, s.nodes, explorer.specMessages(s)));
  // The spec state number of each distinct implementation spec state, or
  // undefined where the model checker never reached it.
  const toSpec = steps.representatives.map((s) => graph.ids.get(specStateKey(varsOf(s))));
  const initial = explorer.initial();
  const initialNumber = steps.number(initial);

  const result: ConformanceResult = {
    explore: explored,
    spec: graph.figures,
    transitions: steps.transitions,
    stutters: steps.stutters,
    specSteps: 0,
    statesReached: 0,
    seconds: 0,
  };
  const reached = new Set<number>();
  const specPairs = new Set<number>();
  let failure: ConformanceFailure | undefined;
  const initialSpec = toSpec[initialNumber] ?? graph.ids.get(specStateKey(varsOf(initial)));
  if (initialSpec !== graph.initial) {
    failure = { kind: 'initial', after: varsOf(initial), changed: [], unreachable: initialSpec === undefined, path: [], states: [initial] };
  } else reached.add(initialSpec);
  // In the order the search took them, which is breadth-first: the first
  // failure is one at the smallest depth.
  for (const [p, step] of steps.steps) {
    const [a, b] = SpecSteps.unpair(p);
    const from = toSpec[a];
    const to = toSpec[b];
    if (from !== undefined) reached.add(from);
    if (to !== undefined) reached.add(to);
    if (from !== undefined && to !== undefined && (from === to || graph.edges.has(SpecSteps.pair(from, to)))) {
      if (from !== to) specPairs.add(SpecSteps.pair(from, to));
      continue;
    }
    if (failure) continue;
    const before = varsOf(step.from);
    const after = varsOf(step.to);
    const path = [...explorer.pathTo(step.fromId), step.t];
    failure = {
      kind: 'step',
      before,
      after,
      changed: SPEC_VARIABLES.filter((name) => diffValues(before.get(name)!, after.get(name)!) !== null),
      unreachable: to === undefined,
      path,
      states: explorer.replay(path),
    };
  }
  result.specSteps = specPairs.size;
  result.statesReached = reached.size;
  result.seconds = (performance.now() - started) / 1000;
  if (failure) result.failure = failure;
  return { explorer, result };
}

function readSpecGraph(outcome: Awaited<ReturnType<typeof runEmbedded>>, spec: string, cfg: string, maxStates: number): SpecGraph {
  if (outcome.kind === 'timeout') throw new Error(`the model checker timed out after ${outcome.seconds.toFixed(0)} s`);
  if (outcome.kind === 'crashed') throw new Error(`the model checker failed: ${outcome.message}`);
  const r = outcome.result;
  if (!r.success) {
    if (r.error_type === 'MaxStatesExceeded') throw new Error(`spec/Paxos.tla has more than ${maxStates.toLocaleString('en-US')} states for this configuration: too many to compare`);
    throw new Error(`the model checker stopped on spec/Paxos.tla for this configuration: ${r.error_type ?? 'error'}: ${r.error_message ?? '(no message)'}`);
  }
  if (!r.dot) throw new Error('the model checker exported no state graph');
  const dot = parseDot(r.dot);
  if (dot.labels.length !== r.states_explored) throw new Error(`the state graph has ${dot.labels.length} states, the model checker counted ${r.states_explored}`);
  const ids = new Map<string, number>();
  dot.labels.forEach((label, i) => ids.set(specStateKey(parseStateLabel(label)), i));
  if (ids.size !== dot.labels.length) throw new Error('the state graph holds the same state twice');
  const edges = new Set<number>();
  for (let k = 0; k < dot.from.length; k++) edges.add(SpecSteps.pair(dot.from[k]!, dot.to[k]!));
  // Init of spec/Paxos.tla is one state, which the engine numbers 0.
  const init = JSON.parse(loadEngine().explore_init(spec, cfg, '{}')) as { states?: unknown[] };
  if (init.states?.length !== 1) throw new Error(`expected one initial state of spec/Paxos.tla, the engine gives ${init.states?.length ?? 'none'}`);
  return { ids, initial: 0, edges, figures: { states: dot.labels.length, steps: edges.size, seconds: outcome.seconds } };
}
