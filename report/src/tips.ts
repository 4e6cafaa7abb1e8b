// What hovering shows: for a step, where it is in the file, the spec action
// with its parameters, what it consumed and sent, and the node's spec
// variables after it; for a message, its fields and its fate.  Plain text
// (an SVG <title>): the report's script styles it, and without the script
// the browser's own tooltip still shows it.
import type { Envelope, TraceMessage, TraceValue } from '../../trace-check/src/format.ts';
import type { Entry } from './entries.ts';
import { inputKind } from './entries.ts';
import type { Copy } from './messages.ts';
import { messageKind, showValue } from './palette.ts';

/** A tooltip is cut here: a step with enormous variables must not make a page enormous. */
export const MAX_TIP = 1500;

const cut = (s: string) => (s.length > MAX_TIP ? `${s.slice(0, MAX_TIP - 1)}…` : s);

export function fields(m: TraceMessage): string {
  return Object.entries(m)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => `${k}=${showValue(v)}`)
    .join(' ');
}

const where = (e: Entry | undefined) => (e ? `line ${e.line}${e.kind === 'step' ? ` (seq ${e.step.seq}${e.step.time !== undefined ? `, t=${e.step.time}` : ''})` : ''}` : '?');

export function stepTip(e: Entry & { kind: 'step' }, sameInputAs: number | undefined, state?: string): string {
  const s = e.step;
  const role = 'role' in s && typeof (s as { role?: unknown }).role === 'string' ? ` (${(s as { role: string }).role})` : '';
  const params = Object.entries(s.params)
    .map(([k, v]) => `${k}=${showValue(v)}`)
    .join(', ');
  const out = [`${s.node}${role} · line ${e.line} · seq ${s.seq}${s.time !== undefined ? ` · t=${s.time}` : ''}${s.instance !== undefined ? ` · instance ${s.instance}` : ''}`];
  out.push(`${s.action}${params ? `(${params})` : ''}`);
  const kind = inputKind(s);
  if (kind) out.push(`input: ${kind}${sameInputAs !== undefined ? ` (the same input as line ${sameInputAs})` : ''}`);
  if (s.received) out.push(`received: ${envelopeText(s.received, 'from')}`);
  for (const env of s.sent) out.push(`sent: ${envelopeText(env, 'to')}`);
  const vars = Object.entries(s.vars).flatMap(([name, entries]) => Object.entries(entries).map(([k, v]) => `  ${name}[${k}] = ${showValue(v as TraceValue)}`));
  if (state !== undefined) {
    // Lines that log only what changed: the change, then the node's whole state.
    if (vars.length > 0) out.push('changed by the step:', ...vars);
    out.push(`${s.node}'s spec state after it:`, state);
  } else if (vars.length > 0) out.push('vars after the step:', ...vars);
  return cut(out.join('\n'));
}

function envelopeText(env: Envelope, dir: 'from' | 'to'): string {
  const peer = env[dir];
  return `${env.msg.type}${peer !== undefined ? ` ${dir} ${peer}` : ''} ${fields(env.msg)}`.trimEnd();
}

export function copyTip(c: Copy, at: (line: number) => Entry | undefined): string {
  const k = messageKind(c.msg.type);
  const out = [`${c.msg.type}${k.classic !== 'other' ? ` (${k.classic})` : ''}: ${c.from ?? '?'} → ${c.to ?? '?'}${c.duplicate ? ' · second copy (duplicated by the network)' : ''}`];
  for (const [name, v] of Object.entries(c.msg)) if (name !== 'type') out.push(`  ${name} = ${showValue(v)}`);
  out.push(c.sendLine === null ? 'sent: by no logged step' : `sent: ${where(at(c.sendLine))}`);
  if (c.duplicatedAt !== null) out.push(`duplicated by the network: line ${c.duplicatedAt}`);
  const end = c.end;
  if (end.kind === 'received') out.push(`received: ${where(at(end.line))}`);
  else if (end.kind === 'lost') out.push(`lost${end.why ? ` (${end.why})` : ''}: line ${end.line}`);
  else out.push('never received: in flight when the run (or its instance) ended');
  return cut(out.join('\n'));
}
