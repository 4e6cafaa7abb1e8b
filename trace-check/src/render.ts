// The checker's report as text: a summary on success; on failure the
// offending line (file:line), what it claimed, why it is not a step of the
// spec, and the steps of the same instance just before it.
import { formatCount, formatSeconds } from '../../cli/progress.ts';
import type { CheckReport } from './check.ts';
import type { LocatedStep } from './format.ts';

export interface Style {
  bold: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
}

export const PLAIN: Style = { bold: (s) => s, red: (s) => s, green: (s) => s, dim: (s) => s };

export function showStep(s: LocatedStep): string {
  const p = s.step;
  const params = Object.entries(p.params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  const recv = p.received ? ` on ${p.received.msg.type} from ${p.received.from ?? '?'}` : '';
  return `line ${s.line} (seq ${p.seq}): ${p.node} ${p.action}${params ? `(${params})` : ''}${recv}`;
}

function inputKind(input: unknown): string | null {
  return typeof input === 'object' && input !== null && 'kind' in input && typeof input.kind === 'string' ? input.kind : null;
}

/** Which invariants were evaluated on which logged states (a state after a stutter is the one before it). */
function invariantLines(r: CheckReport): string[] {
  const names = [...r.invariants.keys()];
  if (names.length === 0) return [];
  const every = names.filter((n) => r.invariants.get(n)!.states >= r.engineSteps);
  const some = names.filter((n) => !every.includes(n));
  const out: string[] = [];
  if (every.length > 0) out.push(`  invariants on every state: ${every.join(', ')}`);
  if (some.length > 0) {
    out.push(`  invariants on some states only (too costly on the large states of a long run; trace-check/README.md, Invariants):`);
    for (const n of some) {
      const c = r.invariants.get(n)!;
      out.push(c.states === 0 ? `    ${n}: on none` : `    ${n}: on ${formatCount(c.states)} of ${formatCount(r.engineSteps)} states, the last after line ${formatCount(c.lastLine)}`);
    }
  }
  return out;
}

export function renderReport(r: CheckReport, style: Style = PLAIN): string[] {
  const out: string[] = [];
  const actions = [...r.actions.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([a, n]) => `${a} ${formatCount(n)}`)
    .join(', ');
  const rate = r.seconds > 0 ? Math.round(r.checked / r.seconds) : 0;
  const partial = [...r.invariants.values()].some((c) => c.states < r.engineSteps);
  if (!r.failure) {
    out.push(style.green(`${r.file}: every step is a step of ${r.spec}, and ${partial ? 'every state checked satisfies its invariants (see below)' : 'every state satisfies its invariants'}`));
  } else {
    const f = r.failure;
    out.push(style.red(style.bold(`${r.file}:${f.failure.line}: not a behaviour of ${r.spec} (instance ${f.instance})`)));
    const input = 'step' in f.failure ? inputKind(f.failure.step.step.input) : null;
    const failing = 'step' in f.failure ? `${f.failure.step.step.node} claims ${f.failure.step.action}${input ? ` (input: ${input})` : ''}` : '';
    if (failing) out.push(`  ${failing}`);
    out.push(`  ${f.diagnosis.headline}`);
    for (const d of f.diagnosis.details) out.push(`    ${d}`);
    if (f.context.length > 0) {
      out.push(style.dim('  the steps of this instance just before it:'));
      for (const s of f.context) out.push(style.dim(`    ${showStep(s)}`));
    }
    if (r.otherFailures.length > 0) {
      const shown = r.otherFailures.slice(0, 5).map((o) => `line ${o.line}`);
      out.push(`  ${formatCount(r.otherFailures.length)} other instance(s) fail too, first at ${shown.join(', ')}${r.otherFailures.length > 5 ? ', ...' : ''}`);
    }
  }
  out.push(`  lines: ${formatCount(r.lines)} (${formatCount(r.steps)} steps, ${formatCount(r.events)} events), instances: ${formatCount(r.instances)}`);
  const stutters = r.actions.get('Stutter') ?? 0;
  out.push(`  steps checked: ${formatCount(r.checked)} of ${formatCount(r.steps)} (actions by the engine; the ${formatCount(stutters)} stutters by comparing states)`);
  if (actions) out.push(`  actions: ${actions}`);
  out.push(...invariantLines(r));
  if (r.hidden.length === 0) out.push(`  hidden steps inserted: none (up to ${r.maxHidden} allowed before a step${r.maxHidden === 0 ? ': every step must be logged' : ''})`);
  else {
    const n = r.hidden.reduce((k, h) => k + h.steps.length, 0);
    out.push(`  hidden steps inserted: ${formatCount(n)}, before ${formatCount(r.hidden.length)} line(s) the log does not explain on its own:`);
    for (const h of r.hidden.slice(0, 10)) {
      out.push(`    before line ${h.beforeLine}: ${h.steps.map((s) => s.action ?? '?').join(', ')}`);
      for (const s of h.steps) for (const c of s.changes.slice(0, 4)) out.push(style.dim(`      ${c}`));
    }
    if (r.hidden.length > 10) out.push(`    ... and ${r.hidden.length - 10} more`);
  }
  out.push(`  time: ${formatSeconds(r.seconds)} (${formatCount(rate)} steps/s)`);
  return out;
}
