// Why a step is not a step of the spec, in terms a reader can act on: which
// parameter lies outside the set Next draws it from, which message was
// consumed without ever being sent, which conjunct of the action's enabling
// condition is false (and the values on either side of it), or, when the
// action is enabled, how the state the spec reaches differs from the one
// the log claims, variable by variable.  Every verdict here is computed by
// the engine from the spec's text, conjunct by conjunct.
import { instanceCfg, TRACE_MODULE, BASE_DEFINITIONS, type Context } from './context.ts';
import { evaluate, successors } from './engine-calls.ts';
import type { ChainFailure } from './chain.ts';
import { diffStates } from './diff.ts';
import { extendModule, POS, unchangedVars } from './generate.ts';
import { STUTTER, type PreparedStep } from './prepare.ts';
import { bullets, isActionLevel, splitTopLevel } from './spec-module.ts';
import { showValue, type EngineState, type EngineValue } from './values.ts';

export interface Diagnosis {
  /** One sentence: what is wrong with the step. */
  readonly headline: string;
  readonly details: readonly string[];
}

const OPERATORS = [' = ', ' # ', ' >= ', ' =< ', ' <= ', ' > ', ' < ', ' \\in ', ' \\notin ', ' \\subseteq '];

/** The two sides of a comparison at the top level of expr, if it is one. */
function operands(expr: string): [string, string, string] | null {
  const flat = expr.replace(/\s+/g, ' ').trim();
  let depth = 0;
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i]!;
    if ('([{'.includes(c) || flat.startsWith('<<', i)) depth++;
    else if (')]}'.includes(c) || flat.startsWith('>>', i)) depth--;
    if (depth !== 0) continue;
    for (const op of OPERATORS) if (flat.startsWith(op, i)) return [flat.slice(0, i), op.trim(), flat.slice(i + op.length)];
  }
  return null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

class Evaluator {
  constructor(
    private readonly ctx: Context,
    private readonly cfg: string,
    private readonly state: EngineState,
  ) {}

  async value(expr: string, lets: string[]): Promise<string> {
    const r = await evaluate(this.ctx.pool, this.ctx.baseModule, this.cfg, this.state, wrap(expr, lets));
    return r.ok ? showValue(r.value) : `(cannot evaluate: ${r.error})`;
  }

  async holds(expr: string, lets: string[]): Promise<boolean | string> {
    const r = await evaluate(this.ctx.pool, this.ctx.baseModule, this.cfg, this.state, wrap(expr, lets));
    if (!r.ok) return r.error;
    return r.value === true;
  }

  /**
   * Lines explaining why expr is FALSE: the values of both sides of a
   * comparison, or, for a use of a definition, which of its own conjuncts
   * (or, for a disjunction, that none of its cases) holds - one level down.
   */
  async whyFalse(expr: string, lets: string[], depth: number): Promise<string[]> {
    const sides = operands(expr);
    if (sides) {
      const [lhs, , rhs] = sides;
      const shown: string[] = [];
      for (const side of [lhs, rhs]) if (!/^-?\d+$|^"[^"]*"$/.test(side)) shown.push(`${side} = ${await this.value(side, lets)}`);
      return shown.length > 0 ? [`where ${shown.join(', ')}`] : [];
    }
    if (depth <= 0) return [];
    const call = /^~?\s*([A-Za-z_]\w*)(?:\((.*)\))?$/s.exec(oneLine(expr));
    const def = call ? this.ctx.spec.definitions.get(call[1]!) : undefined;
    if (!call || !def || oneLine(expr).startsWith('~')) return [];
    const args = call[2] ? splitTopLevel(call[2]) : [];
    if (args.length !== def.params.length) return [];
    const inner = [...lets, ...def.params.map((p, i) => `${p} == ${args[i]}`)];
    const conj = bullets(def.body, '/\\');
    const disj = bullets(def.body, '\\/');
    const out: string[] = [];
    if (conj.length > 1) {
      for (const c of conj) {
        if ((await this.holds(c, inner)) !== true) {
          out.push(`${def.name} is false because this conjunct is: ${oneLine(c)}`);
          out.push(...(await this.whyFalse(c, inner, depth - 1)).map((l) => `  ${l}`));
          break;
        }
      }
    } else if (disj.length > 1) {
      out.push(`${def.name} is false: none of its ${disj.length} cases holds`);
      for (const d of disj) out.push(`  - ${oneLine(d)}`);
      const uses = this.uses(def.body);
      if (uses.length > 0) out.push(`  where ${(await Promise.all(uses.map(async (u) => `${u} = ${await this.value(u, inner)}`))).join(', ')}`);
    }
    return out;
  }

  /** The uses of other (state-level) definitions in expr, e.g. ReportedVotes(b, Q), to show their values. */
  private uses(expr: string): string[] {
    const found = new Set<string>();
    const text = oneLine(expr);
    for (const m of text.matchAll(/[A-Za-z_]\w*(?=\()/g)) {
      const def = this.ctx.spec.definitions.get(m[0]);
      if (!def || isActionLevel(def.body, this.ctx.spec.actionLevel) || def.params.length === 0) continue;
      let depth = 0;
      let end = m.index + m[0].length;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      found.add(text.slice(m.index, end + 1));
    }
    return [...found].slice(0, 4);
  }
}

function wrap(expr: string, lets: string[]): string {
  // Each LET on its own level, so that a definition may use the ones before it.
  return lets.reduceRight((body, l) => `LET ${l} IN (${body})`, `(${expr})`);
}

export async function diagnose(ctx: Context, constants: ReadonlyMap<string, EngineValue>, failure: ChainFailure): Promise<Diagnosis> {
  switch (failure.kind) {
    case 'shape':
      return { headline: `${failure.field}: ${failure.reason}`, details: [] };
    case 'engine':
      return { headline: `the engine cannot evaluate ${describe(failure.step)}: ${failure.message}`, details: ['(a parameter or variable of the wrong type, e.g. a string where the spec expects a ballot, makes the spec undefined here)'] };
    case 'invariant':
      return diagnoseInvariant(ctx, constants, failure.step, failure.invariant, failure.logged);
    case 'not-a-step':
      return diagnoseStep(ctx, constants, failure.step, failure.before, failure.logged, failure.hiddenTried);
  }
}

function describe(p: PreparedStep): string {
  return `${p.action}${p.args.length > 0 ? `(${p.args.map((a) => a.literal).join(', ')})` : ''}`;
}

async function diagnoseInvariant(ctx: Context, constants: ReadonlyMap<string, EngineValue>, p: PreparedStep, invariant: string, logged: EngineState): Promise<Diagnosis> {
  const cfg = instanceCfg(ctx, constants, 'TraceInitPos', 'TraceSpecNext', [], false);
  const ev = new Evaluator(ctx, cfg, logged);
  return {
    headline: `the state after ${p.step.node}'s ${describe(p)} violates the invariant ${invariant}`,
    details: await ev.whyFalse(invariant, [], 2),
  };
}

async function diagnoseStep(ctx: Context, constants: ReadonlyMap<string, EngineValue>, p: PreparedStep, before: EngineState, logged: EngineState, hiddenTried: number): Promise<Diagnosis> {
  const cfg = instanceCfg(ctx, constants, 'TraceInitPos', 'TraceSpecNext', [], false);
  const ev = new Evaluator(ctx, cfg, before);
  const hiddenNote = hiddenTried > 0 ? [`(no sequence of up to ${hiddenTried} unlogged spec step${hiddenTried === 1 ? '' : 's'} before it makes it one either)`] : [];
  for (const a of p.args) {
    if (a.domain && (await ev.holds(`${a.literal} \\in ${a.domain}`, [])) !== true) {
      return {
        headline: `${describe(p)} is not a step of ${ctx.spec.name}: its parameter ${a.name} = ${a.literal} is not in ${a.domain}`,
        details: [`${a.domain} = ${await ev.value(a.domain, [])}`, ...hiddenNote],
      };
    }
  }
  if (p.received && (await ev.holds(`${showValue(p.received)} \\in ${ctx.profile.messages}`, [])) !== true) {
    return {
      headline: `${p.step.node} consumed a message that was never sent: ${showValue(p.received)} is not in ${ctx.profile.messages}`,
      details: hiddenNote,
    };
  }
  const lets = p.args.map((a) => `${a.name} == ${a.literal}`);
  if (p.action !== STUTTER) {
    const def = ctx.spec.definitions.get(p.action)!;
    const conjuncts = bullets(def.body, '/\\');
    for (const [i, c] of conjuncts.entries()) {
      if (isActionLevel(c, ctx.spec.actionLevel)) continue;
      const h = await ev.holds(c, lets);
      if (h === true) continue;
      return {
        headline: `${describe(p)} is not enabled: conjunct ${i + 1} of ${p.action}(${def.params.join(', ')}) (spec line ${def.line}) is ${h === false ? 'FALSE' : `undefined (${h})`}`,
        details: [`  ${oneLine(c)}`, `with ${p.args.map((a) => `${a.name} = ${a.literal}`).join(', ')}`, ...(await ev.whyFalse(c, lets, 2)), ...hiddenNote],
      };
    }
  }
  // Enabled: then it leads somewhere else than the log says.
  const diag = `TraceDiag == ${p.action === STUTTER ? unchangedVars(ctx.spec) : describe(p)} /\\ UNCHANGED ${POS}`;
  const module = extendModule(ctx.spec, TRACE_MODULE, [...BASE_DEFINITIONS, diag]);
  const next = await successors(ctx.pool, module, instanceCfg(ctx, constants, 'TraceInitPos', 'TraceDiag', [], false), before);
  if (next.length === 0) {
    return { headline: `${describe(p)} is not enabled, although each of its enabling conjuncts holds on its own`, details: hiddenNote };
  }
  const diffs = next.map((t) => diffStates(t.state, logged, ['the spec', 'the log']));
  const best = diffs.reduce((a, b) => (b.length < a.length ? b : a));
  return {
    headline:
      p.action === STUTTER
        ? `${p.step.node} logs a stutter (no spec variable changes), but the state it logs is not the state before it`
        : `${describe(p)} is enabled, but the state the log claims after it is not the one the spec reaches`,
    details: [...best.map((d) => `  ${d}`), ...hiddenNote],
  };
}
