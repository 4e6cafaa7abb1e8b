// Why a step is not a step of the spec, in terms a reader can act on: which
// parameter lies outside the set Next draws it from, which message was
// consumed without ever being sent, which conjunct of the action's enabling
// condition is false (and the values on either side of it), or, when the
// action is enabled, how the state the spec reaches differs from the one
// the log claims, variable by variable.  Every verdict here is computed by
// the engine from the spec's text, conjunct by conjunct.
import { instanceCfg, TRACE_MODULE, BASE_DEFINITIONS, type Context } from './context.ts';
import { evaluate, successors, type Evaluated } from './engine-calls.ts';
import type { ChainFailure } from './chain.ts';
import { diffStates } from './diff.ts';
import { extendModule, POS, unchangedVars } from './generate.ts';
import { STUTTER, type PreparedStep } from './prepare.ts';
import { bullets, isActionLevel, splitTopLevel, topLevelPositions } from './spec-module.ts';
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
  const opAt = (i: number) => OPERATORS.find((op) => flat.startsWith(op, i));
  const i = topLevelPositions(flat, (k) => opAt(k) !== undefined)[0];
  if (i === undefined) return null;
  const op = opAt(i)!;
  return [flat.slice(0, i), op.trim(), flat.slice(i + op.length)];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** One line, cut to a readable length: the full text is in the spec, at the line given. */
const brief = (s: string, max = 100) => {
  const t = oneLine(s);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

class Evaluator {
  constructor(
    private readonly ctx: Context,
    private readonly cfg: string,
    private readonly state: EngineState,
  ) {}

  async value(expr: string, lets: string[]): Promise<string> {
    const r = await this.evalIn(expr, lets, [], (call) => call);
    return r.ok ? showValue(r.value) : `(cannot evaluate: ${r.error})`;
  }

  async holds(expr: string, lets: string[]): Promise<boolean | string> {
    const r = await this.evalIn(expr, lets, [], (call) => call);
    if (!r.ok) return r.error;
    return r.value === true;
  }

  /**
   * Evaluates `outer(TraceEval(...))` where TraceEval is a definition added
   * to the module whose body is `body`, laid out as in the spec, and whose
   * parameters are the bound names.  A bulleted list must not be put in
   * parentheses for the embedded engine: it then reads a different formula
   * (see the README), so an expression is never pasted into another one.
   */
  async evalIn(body: string, lets: string[], extra: string[], outer: (call: string) => string): Promise<Evaluated> {
    // `Q == Q` (a parameter passed on unchanged) binds nothing new.
    const live = lets.filter((l) => {
      const [name, value] = l.split(' == ', 2);
      return name?.trim() !== value?.trim();
    });
    const names = [...new Set([...live.map((l) => l.split(' == ', 1)[0]!.trim()), ...extra])];
    const call = names.length > 0 ? `TraceEval(${names.join(', ')})` : 'TraceEval';
    const module = extendModule(this.ctx.spec, TRACE_MODULE, [...BASE_DEFINITIONS, `${call} ==\n${indentBlock(body, 4)}`]);
    const text = live.reduceRight((acc, l) => `LET ${l} IN ${acc}`, outer(call));
    return evaluate(this.ctx.pool, module, this.cfg, this.state, text);
  }

  /**
   * Lines explaining why expr is FALSE, following its shape: the values of
   * both sides of a comparison; the elements for which a \A fails (and why,
   * for the first); the first false conjunct of a conjunction; the values
   * the cases of a false disjunction depend on; the consequent of a false
   * implication; and, for a use of a definition, its body.  `depth` bounds
   * how many definitions deep it goes.
   */
  async whyFalse(expr: string, lets: string[], depth: number): Promise<string[]> {
    // Bullets are read from the expression as laid out (columns matter);
    // the other shapes from its text.
    const text = expr.trim();
    const conj = bullets(expr, '/\\');
    if (conj.length > 1) {
      for (const c of conj) {
        if ((await this.holds(c, lets)) === true) continue;
        return [`this conjunct is false: ${brief(c)}`, ...(await this.whyFalse(c, lets, depth)).map((l) => `  ${l}`)];
      }
      return [];
    }
    const disj = bullets(expr, '\\/');
    if (disj.length > 1) {
      const out = [`none of its ${disj.length} cases holds:`, ...disj.map((d) => `  - ${brief(d)}`)];
      const uses = this.uses(text);
      if (uses.length > 0) out.push(`  where ${(await Promise.all(uses.map(async (u) => `${u} = ${await this.value(u, lets)}`))).join(', ')}`);
      return out;
    }
    const forall = /^\\A\s+(\w+)\s+\\in\s+([^:]+?)\s*:[ \t]*\n?([\s\S]*)$/.exec(text);
    if (forall) {
      const [, x, set, body] = forall as unknown as [string, string, string, string];
      const r = await this.evalIn(body, lets, [x], (call) => `{${x} \\in ${set} : ~${call}}`);
      if (!r.ok) return [`(the elements for which it fails cannot be listed: ${r.error})`];
      if (!Array.isArray(r.value) || r.value.length === 0) return [];
      const first = r.value[0]!;
      return [
        `it fails for ${x} = ${showValue(first)}${r.value.length > 1 ? ` (and ${r.value.length - 1} more)` : ''}:`,
        ...(await this.whyFalse(body, [...lets, `${x} == ${showValue(first)}`], depth)).map((l) => `  ${l}`),
      ];
    }
    const implies = splitImplication(text);
    if (implies) return [`${brief(implies[0], 60)} holds, so this must too: ${brief(implies[1], 60)}`, ...(await this.whyFalse(implies[1], lets, depth))];
    const sides = operands(text);
    if (sides) {
      const [lhs, , rhs] = sides;
      const shown: string[] = [];
      for (const side of [lhs, rhs]) if (!/^-?\d+$|^"[^"]*"$/.test(side)) shown.push(`${side} = ${await this.value(side, lets)}`);
      return shown.length > 0 ? [`where ${shown.join(', ')}`] : [];
    }
    if (depth <= 0) return [];
    const call = /^([A-Za-z_]\w*)(?:\((.*)\))?$/s.exec(oneLine(text));
    const def = call ? this.ctx.spec.definitions.get(call[1]!) : undefined;
    if (!call || !def) return [];
    const args = call[2] ? splitTopLevel(call[2]) : [];
    if (args.length !== def.params.length) return [];
    const inner = [...lets, ...def.params.map((p, i) => `${p} == ${args[i]}`)];
    const why = await this.whyFalse(def.body, inner, depth - 1);
    return why.length > 0 ? [`${def.name} (spec line ${def.line}) is false:`, ...why.map((l) => `  ${l}`)] : [];
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

/** `A => B` at the top level of expr. */
function splitImplication(expr: string): [string, string] | null {
  // Layout kept: the consequent may be a bulleted list on the lines below.
  const i = topLevelPositions(expr, (k) => expr.startsWith('=>', k) && /\s/.test(expr[k - 1] ?? '') && /\s/.test(expr[k + 2] ?? ''))[0];
  return i === undefined ? null : [expr.slice(0, i).trim(), expr.slice(i + 2).replace(/^[ \t]*\n/, '')];
}

/** The lines of a block moved to start at column `by`, their layout kept. */
function indentBlock(text: string, by: number): string {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return lines.map((l) => (l.trim() === '' ? '' : ' '.repeat(by) + l.slice(indent))).join('\n');
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
