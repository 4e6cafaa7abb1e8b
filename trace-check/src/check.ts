// Checking a whole trace: its steps grouped by instance (each an
// independent run of the spec from Init), the instances checked in
// parallel on the engine pool, and the first failure in file order
// explained.
import { EnginePool } from './engine-pool.ts';
import { checkChain, type ChainFailure, type ChainOutcome, type InvariantCoverage } from './chain.ts';
import { makeContext, type Context } from './context.ts';
import { diagnose, type Diagnosis } from './diagnose.ts';
import { readTrace, TraceFormatError, type LocatedStep, type Trace } from './format.ts';
import type { HiddenSteps } from './hidden.ts';
import { PROFILES } from './profiles.ts';
import { prepareStep, StepShapeError, type PreparedStep } from './prepare.ts';

export interface CheckOptions {
  /** The spec file; by default the one the trace's header names, from spec/. */
  specFile?: string;
  /**
   * Hidden steps the checker may insert before a logged step.  Default: 0
   * for a trace whose header promises it is complete, DEFAULT_MAX_HIDDEN
   * otherwise.
   */
  maxHidden?: number;
  /** Steps per model-checker run. */
  chunkSize?: number;
  workers?: number;
  /** Validate the chunks with TLC (this jar) instead of the embedded engine. */
  tlcJar?: string;
  onProgress?: (checked: number, total: number) => void;
}

export interface Failure {
  readonly instance: number;
  readonly failure: ChainFailure;
  readonly diagnosis: Diagnosis;
  /** The steps of the same instance just before the failing one. */
  readonly context: readonly LocatedStep[];
}

export interface CheckReport {
  readonly file: string;
  readonly spec: string;
  readonly lines: number;
  readonly steps: number;
  readonly events: number;
  readonly instances: number;
  readonly checked: number;
  /** Steps the engine checked (the rest are stutters, decided by comparing states). */
  readonly engineSteps: number;
  /**
   * Per invariant of the spec's profile, the logged states it was evaluated
   * on (after engine-checked steps, over all instances) and the last line;
   * states: 0 when it was never evaluated.
   */
  readonly invariants: ReadonlyMap<string, InvariantCoverage>;
  readonly actions: ReadonlyMap<string, number>;
  readonly hidden: readonly HiddenSteps[];
  readonly maxHidden: number;
  readonly seconds: number;
  /** The first failure in file order, explained; others only located. */
  readonly failure?: Failure;
  readonly otherFailures: readonly { instance: number; line: number }[];
}

export const DEFAULT_MAX_HIDDEN = 1;
export const DEFAULT_CHUNK = 400;

export async function checkTraceFile(file: string, opts: CheckOptions = {}): Promise<CheckReport> {
  return checkTrace(readTrace(file), opts);
}

export async function checkTrace(trace: Trace, opts: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const profile = PROFILES.get(trace.header.spec);
  if (!profile) throw new TraceFormatError(trace.file, 1, 'spec', `no spec ${trace.header.spec} is known to the checker (${[...PROFILES.keys()].join(', ')})`);
  const pool = new EnginePool(opts.workers);
  try {
    // Progress moves chunk by chunk, so that one long instance shows it too.
    let progressed = 0;
    const onChecked = (n: number) => {
      progressed += n;
      opts.onProgress?.(Math.min(progressed, trace.steps.length), trace.steps.length);
    };
    const ctx = makeContext(trace, profile, opts.specFile ?? profile.file, pool, { maxHidden: opts.maxHidden ?? (trace.header.complete === true ? 0 : DEFAULT_MAX_HIDDEN), chunkSize: opts.chunkSize ?? DEFAULT_CHUNK, tlcJar: opts.tlcJar ?? null, onChecked });
    // Every step is read against the spec before the engine sees any, so
    // that a malformed line is reported as such, first in file order.
    const chains = new Map<number, { steps: LocatedStep[]; prepared: PreparedStep[] }>();
    for (const s of trace.steps) {
      let p: PreparedStep;
      try {
        p = prepareStep(ctx.spec, profile, ctx.messageTypes, s);
      } catch (e) {
        if (e instanceof StepShapeError) throw new TraceFormatError(trace.file, e.line, e.field, e.reason);
        throw e;
      }
      const id = s.step.instance ?? 0;
      const chain = chains.get(id) ?? { steps: [], prepared: [] };
      chain.steps.push(s);
      chain.prepared.push(p);
      chains.set(id, chain);
    }
    // A few instances in flight per engine thread, taken in file order:
    // the threads stay busy, memory stays flat, and progress moves steadily.
    const queue = [...chains];
    const outcomes: ChainOutcome[] = [];
    const runner = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [instance, { steps, prepared }] = next;
        const o = await checkChain(ctx, instance, steps, prepared);
        outcomes.push(o);
      }
    };
    await Promise.all(Array.from({ length: pool.size * 3 }, runner));
    const failed = outcomes.filter((o): o is ChainOutcome & { failure: ChainFailure } => o.failure !== undefined).sort((a, b) => a.failure.line - b.failure.line);
    const first = failed[0];
    const actions = new Map<string, number>();
    for (const s of trace.steps) actions.set(s.step.action, (actions.get(s.step.action) ?? 0) + 1);
    const report: CheckReport = {
      file: trace.file,
      spec: trace.header.spec,
      lines: trace.lines,
      steps: trace.steps.length,
      events: trace.events,
      instances: chains.size,
      checked: outcomes.reduce((n, o) => n + o.checked, 0),
      engineSteps: outcomes.reduce((n, o) => n + o.engineSteps, 0),
      invariants: coverage(profile.invariants, outcomes),
      actions,
      hidden: outcomes.flatMap((o) => o.hidden).sort((a, b) => a.beforeLine - b.beforeLine),
      maxHidden: ctx.maxHidden,
      seconds: 0,
      otherFailures: failed.slice(1).map((o) => ({ instance: o.instance, line: o.failure.line })),
      ...(first ? { failure: await explain(ctx, first) } : {}),
    };
    return { ...report, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.close();
  }
}

function coverage(names: readonly string[], outcomes: readonly ChainOutcome[]): Map<string, InvariantCoverage> {
  const out = new Map<string, InvariantCoverage>(names.map((n) => [n, { states: 0, lastLine: 0 }]));
  for (const o of outcomes) {
    for (const [n, c] of o.invariants) {
      const t = out.get(n)!;
      t.states += c.states;
      t.lastLine = Math.max(t.lastLine, c.lastLine);
    }
  }
  return out;
}

async function explain(ctx: Context, o: ChainOutcome & { failure: ChainFailure }): Promise<Failure> {
  const at = o.steps.findIndex((s) => s.line === o.failure.line);
  return {
    instance: o.instance,
    failure: o.failure,
    diagnosis: await diagnose(ctx, o.constants, o.failure),
    context: o.steps.slice(Math.max(0, at - 3), Math.max(0, at)),
  };
}
