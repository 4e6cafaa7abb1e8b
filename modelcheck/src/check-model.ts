// Model-check one model with either engine and compare the result with the
// expectations pinned in the model's header.  The result is a report that
// the CLI prints and the tests assert on.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { runEmbedded, type EngineResult } from './embedded/engine.ts';
import { loadEngine } from './embedded/wasm.ts';
import { droppedDefinitions } from './embedded/definitions.ts';
import { depthFromDot } from './depth.ts';
import { nameActions, parseEmbeddedTrace, parseTlcTrace, type TraceState } from './counterexample.ts';
import { checkQuorumRule } from './quorums.ts';
import { findTlcJar, parseTlcOutput, runTlc, TLC_HELP } from './tlc.ts';
import { repoRoot, type Model } from './models.ts';
import { parseCfg } from './cfg.ts';
import { checkSubset } from './subset.ts';

export type EngineName = 'embedded' | 'tlc';

export interface Violation {
  /** The invariant that failed, "deadlock", or an ASSUME. */
  property: string;
  states: TraceState[];
}

export interface CheckReport {
  model: string;
  engine: EngineName;
  outcome: 'ok' | 'violation' | 'error';
  distinct?: number;
  /** Exact when the engine measured it; otherwise only known to be at most this. */
  depth?: { value: number; exact: boolean };
  seconds: number;
  violation?: Violation;
  error?: string;
  /** The behaviour that led to an evaluation error, when the engine gives one. */
  errorStates?: TraceState[];
  /** Where the run disagrees with what the model's header pins. */
  pinProblems: string[];
}

export interface CheckOptions {
  timeoutMs?: number;
  maxStates?: number;
  onTick?: (elapsedMs: number, line?: string) => void;
  /** Replaces the spec text (mutation tests). */
  specSource?: string;
  /** Replaces the cfg text (mutation tests). */
  cfgSource?: string;
  /** Skip the comparison with the model's pins (a mutant is not the model). */
  ignorePins?: boolean;
  /**
   * Do not compute the exact depth (it costs a DOT export and a second
   * enumeration of the initial states, which is most of the work when the
   * initial states are every state satisfying an inductive invariant).
   */
  skipDepth?: boolean;
}

/** DOT export (for the exact depth) costs about 1 KB per state: only for small models. */
const DOT_LIMIT = 400_000;
const UNBOUNDED_DEPTH = 100_000;

export async function checkModel(model: Model, engine: EngineName, opts: CheckOptions = {}): Promise<CheckReport> {
  const spec = opts.specSource ?? readFileSync(model.specFile, 'utf8');
  const outside = checkSubset(spec);
  if (outside.length > 0) {
    const where = relative(process.cwd(), model.specFile);
    const error = `${where} leaves the subset both engines accept:\n${outside.map((p) => `        ${where}:${p.line}:${p.column}: ${p.message}`).join('\n')}`;
    return { model: model.name, engine, outcome: 'error', seconds: 0, error, pinProblems: [] };
  }
  const report =
    engine === 'embedded' ? await checkEmbedded(model, spec, opts) : await checkTlc(model, opts);
  if (opts.ignorePins) return report;
  if (model.quorumRule) report.pinProblems.push(...checkQuorumRule(model.quorumRule, model.config.constants));
  if (report.outcome === 'ok') report.pinProblems.push(...comparePins(model, report));
  return report;
}

function comparePins(model: Model, report: CheckReport): string[] {
  const problems: string[] = [];
  const where = relative(repoRoot, model.cfgFile);
  const { distinct, depth } = model.expected;
  if (distinct === undefined) problems.push(`${where} pins no distinct-state count; add "\\* expected distinct states: ${report.distinct}"`);
  else if (report.distinct !== distinct) {
    problems.push(`${report.distinct} distinct states, but ${where} pins ${distinct}: the state space moved; if the change is intended, update the pin`);
  }
  // (A run with skipDepth measures no depth, so none need be pinned.)
  if (depth === undefined && report.depth !== undefined) problems.push(`${where} pins no depth; add "\\* expected depth: ${report.depth?.value ?? '?'}"`);
  else if (report.depth?.exact && report.depth.value !== depth) {
    problems.push(`depth ${report.depth.value}, but ${where} pins ${depth}: if the change is intended, update the pin`);
  }
  return problems;
}

/** "… span: Some(Span { start: 5769, end: 5781 }) …" to "spec/Paxos.tla:123:4". */
export function locateEngineError(message: string, specFile: string, source: string): string {
  const span = /start: (\d+)/.exec(message);
  const inner = /message: "((?:[^"\\]|\\.)*)"/.exec(message);
  const text = inner ? (JSON.parse(`"${inner[1]}"`) as string) : message;
  if (!span) return `${relative(process.cwd(), specFile)}: ${text}`;
  const before = Buffer.from(source).subarray(0, Number(span[1])).toString();
  const lines = before.split('\n');
  return `${relative(process.cwd(), specFile)}:${lines.length}:${lines[lines.length - 1]!.length + 1}: ${text}`;
}

async function checkEmbedded(model: Model, spec: string, opts: CheckOptions): Promise<CheckReport> {
  const cfg = opts.cfgSource ?? readFileSync(model.cfgFile, 'utf8');
  const exactDepth = !opts.skipDepth && (model.expected.distinct ?? (model.tier === 'small' ? 0 : Infinity)) <= DOT_LIMIT;
  const maxDepth = exactDepth || opts.skipDepth ? UNBOUNDED_DEPTH : (model.expected.depth ?? UNBOUNDED_DEPTH);
  const dropped = droppedDefinitions(spec, cfg);
  if (dropped.length > 0) {
    const where = relative(process.cwd(), model.specFile);
    const list = dropped.map((d) => `${where}:${d.line}: ${d.name}`).join(', ');
    return {
      model: model.name, engine: 'embedded', outcome: 'error', seconds: 0, pinProblems: [],
      error: `the embedded engine could not read ${dropped.length === 1 ? 'this definition' : 'these definitions'} and skipped ${dropped.length === 1 ? 'it' : 'them'} without a parse error: ${list}`,
    };
  }
  const runOpts: Parameters<typeof runEmbedded>[1] = {};
  if (opts.timeoutMs !== undefined) runOpts.timeoutMs = opts.timeoutMs;
  if (opts.onTick) runOpts.onTick = opts.onTick;
  const outcome = await runEmbedded(
    { spec, cfg, maxStates: opts.maxStates ?? 2_000_000, maxDepth, exportDot: exactDepth },
    runOpts,
  );
  const base = { model: model.name, engine: 'embedded' as const, pinProblems: [] };
  if (outcome.kind === 'timeout') {
    return { ...base, outcome: 'error', seconds: outcome.seconds, error: `timed out after ${outcome.seconds.toFixed(0)} s` };
  }
  if (outcome.kind === 'crashed') {
    return { ...base, outcome: 'error', seconds: outcome.seconds, error: `the embedded engine failed: ${outcome.message}` };
  }
  const r: EngineResult = outcome.result;
  const report: CheckReport = { ...base, outcome: 'ok', seconds: outcome.seconds, distinct: r.states_explored };
  if (r.success) {
    if (exactDepth && r.dot) {
      const initial = (JSON.parse(loadEngine().explore_init(spec, cfg, '{}')) as { states?: unknown[] }).states?.length ?? 1;
      report.depth = { value: depthFromDot(r.dot, initial), exact: true };
    } else if (!opts.skipDepth) {
      report.depth = { value: maxDepth, exact: false };
    }
    return report;
  }
  const states = r.trace ? nameActions(spec, cfg, parseEmbeddedTrace(r.trace)) : [];
  const invariant = /Invariant (\d+) violated/.exec(r.error_message ?? '');
  switch (r.error_type) {
    case 'InvariantViolation': {
      // The engine numbers invariants in the order of the cfg it was given.
      const index = invariant ? Number(invariant[1]) : -1;
      const invariants = opts.cfgSource ? parseCfg(model.cfgFile, opts.cfgSource).invariants : model.config.invariants;
      const name = invariants[index] ?? `invariant #${index}`;
      return { ...report, outcome: 'violation', violation: { property: name, states } };
    }
    case 'Deadlock':
      return { ...report, outcome: 'violation', violation: { property: 'deadlock', states } };
    case 'AssumeViolation':
      return { ...report, outcome: 'error', error: `an ASSUME of ${model.module} does not hold for this model (${r.error_message})` };
    case 'MaxDepthExceeded':
      return { ...report, outcome: 'error', error: `the state graph is deeper than the pinned depth ${maxDepth} (${r.error_message})` };
    case 'MaxStatesExceeded':
      return { ...report, outcome: 'error', error: `more than ${opts.maxStates ?? 2_000_000} distinct states: raise --max-states or shrink the model` };
    case 'ParseError':
      return { ...report, outcome: 'error', error: `parse error: ${locateEngineError(r.error_message ?? '', model.specFile, spec)}` };
    default: {
      // An evaluation error (a type mismatch, a missing definition): the spec
      // or model is wrong, which is not a counterexample to any property.
      const failed: CheckReport = { ...report, outcome: 'error', error: `${r.error_type ?? 'error'}: ${r.error_message ?? '(no message)'}` };
      if (states.length > 0) failed.errorStates = states;
      return failed;
    }
  }
}

async function checkTlc(model: Model, opts: CheckOptions): Promise<CheckReport> {
  const base = { model: model.name, engine: 'tlc' as const, pinProblems: [], seconds: 0 };
  if (opts.specSource || opts.cfgSource) return { ...base, outcome: 'error', error: 'mutants run on the embedded engine only' };
  const jar = findTlcJar();
  if (!jar) return { ...base, outcome: 'error', error: TLC_HELP };
  const tlcOpts: Parameters<typeof runTlc>[3] = {};
  if (opts.timeoutMs !== undefined) tlcOpts.timeoutMs = opts.timeoutMs;
  const started = performance.now();
  if (opts.onTick) {
    const onTick = opts.onTick;
    tlcOpts.onLine = (line) => {
      if (/^Progress/.test(line)) onTick(performance.now() - started, line);
    };
  }
  const run = await runTlc(jar, model.specFile, model.cfgFile, tlcOpts);
  const summary = parseTlcOutput(run.output);
  const report: CheckReport = { ...base, outcome: 'ok', seconds: run.seconds };
  if (summary.distinct !== undefined) report.distinct = summary.distinct;
  if (summary.depth !== undefined) report.depth = { value: summary.depth, exact: true };
  if (run.timedOut) return { ...report, outcome: 'error', error: `timed out after ${run.seconds.toFixed(0)} s` };
  if (summary.completed) return report;
  const v = summary.violated;
  if (v?.kind === 'invariant') return { ...report, outcome: 'violation', violation: { property: v.name, states: parseTlcTrace(run.output) } };
  if (v?.kind === 'deadlock') return { ...report, outcome: 'violation', violation: { property: 'deadlock', states: parseTlcTrace(run.output) } };
  if (v?.kind === 'assume') return { ...report, outcome: 'error', error: `an ASSUME of ${model.module} does not hold for this model` };
  return { ...report, outcome: 'error', error: `TLC: ${v?.kind === 'error' ? v.message : `exit code ${run.exitCode}`}` };
}
