// Everything the checking of one trace shares: the spec, its profile, the
// engine pool, and per set of constants the cfg and the spec's Init.
import { readFileSync } from 'node:fs';
import type { EnginePool } from './engine-pool.ts';
import { initialState } from './engine-calls.ts';
import { TraceFormatError, type StepLine, type Trace } from './format.ts';
import { cfgText, extendModule, POS } from './generate.ts';
import type { SpecProfile } from './profiles.ts';
import { constantsUsedBy, parseSpecModule, type SpecModule } from './spec-module.ts';
import { specMessageTypes } from './prepare.ts';
import { canonical, fromTrace, type EngineState, type EngineValue } from './values.ts';

export interface Context {
  readonly trace: Trace;
  readonly spec: SpecModule;
  readonly profile: SpecProfile;
  readonly pool: EnginePool;
  readonly messageTypes: ReadonlySet<string>;
  readonly maxHidden: number;
  readonly chunkSize: number;
  /** Which engine validates the chunks: the embedded one, or TLC at this jar. */
  readonly tlcJar: string | null;
  /** Told how many more steps of some instance have been checked, chunk by chunk. */
  readonly onChecked?: (steps: number) => void;
  /** Spec text extended with the trace position variable and nothing else, for explore_* calls. */
  readonly baseModule: string;
  readonly inits: Map<string, Promise<EngineState>>;
  /** The constants the spec's Init depends on. */
  readonly initConstants: ReadonlySet<string>;
}

export const TRACE_MODULE = 'TraceCheck';

/** Init and Next of the spec, with the position variable held at 0. */
export const BASE_DEFINITIONS = [`TraceInitPos == ${POS} = 0 /\\ Init`, `TraceSpecNext == Next /\\ UNCHANGED ${POS}`];

export function makeContext(trace: Trace, profile: SpecProfile, specFile: string, pool: EnginePool, opts: { maxHidden: number; chunkSize: number; tlcJar: string | null; onChecked?: (steps: number) => void }): Context {
  const spec = parseSpecModule(readFileSync(specFile, 'utf8'));
  if (spec.name !== trace.header.spec) {
    throw new TraceFormatError(trace.file, 1, 'spec', `the trace is for ${trace.header.spec}, but ${specFile} is module ${spec.name}`);
  }
  return {
    trace,
    spec,
    profile,
    pool,
    messageTypes: specMessageTypes(spec),
    maxHidden: opts.maxHidden,
    chunkSize: opts.chunkSize,
    tlcJar: opts.tlcJar,
    ...(opts.onChecked ? { onChecked: opts.onChecked } : {}),
    baseModule: extendModule(spec, TRACE_MODULE, BASE_DEFINITIONS),
    inits: new Map(),
    initConstants: constantsUsedBy(spec, 'Init'),
  };
}

/** The spec's constants for one instance: the header's, then what the profile derives from its steps. */
export function instanceConstants(ctx: Context, steps: readonly StepLine[]): Map<string, EngineValue> {
  const given = ctx.trace.header.constants;
  const derived = ctx.profile.derive(steps);
  const out = new Map<string, EngineValue>();
  for (const name of ctx.spec.constants) {
    if (ctx.profile.modelValues.includes(name)) {
      out.set(name, { __model: name });
      continue;
    }
    const v = Object.hasOwn(given, name) ? given[name]! : derived[name];
    if (v === undefined) throw new TraceFormatError(ctx.trace.file, 1, `constants.${name}`, `missing: ${ctx.spec.name} declares CONSTANT ${name}, and the checker cannot derive it from the steps`);
    out.set(name, fromTrace(v, ctx.profile.nullConstant));
  }
  for (const name of Object.keys(given)) {
    if (!ctx.spec.constants.includes(name)) throw new TraceFormatError(ctx.trace.file, 1, `constants.${name}`, `${ctx.spec.name} declares no CONSTANT ${name}`);
  }
  return out;
}

export function instanceCfg(ctx: Context, constants: ReadonlyMap<string, EngineValue>, init: string, next: string, invariants: readonly string[], checkDeadlock: boolean): string {
  return cfgText({ constants, modelValues: ctx.profile.modelValues, init, next, invariants, checkDeadlock });
}

export function initOf(ctx: Context, constants: ReadonlyMap<string, EngineValue>): Promise<EngineState> {
  // Instances differ in the values they mention, which Init does not read:
  // one engine call per set of the constants Init does read.
  const key = [...ctx.initConstants].map((c) => `${c}=${canonical(constants.get(c) ?? null)}`).join(';');
  let p = ctx.inits.get(key);
  if (!p) {
    p = initialState(ctx.pool, ctx.baseModule, instanceCfg(ctx, constants, 'TraceInitPos', 'TraceSpecNext', [], false));
    ctx.inits.set(key, p);
  }
  return p;
}
