// The text in a Multi-Paxos step's box: the action and what it did, in the
// words of the log - "Propose slot 5 put k1=v2", "Phase2b b1 slot 5",
// "Decide slot 5", "Apply slot 5 put k1=v2".  Lines log only what changed
// (trace-check/README.md), so a label may need an earlier line: the slot
// an Apply executes is in its `applied`, the entry in the Decide before it.
import type { TraceValue } from '../../trace-check/src/format.ts';
import type { Run } from './entries.ts';
import { commandText, entryText } from './multi-messages.ts';
import { showValue } from './palette.ts';

type Rec = Readonly<Record<string, TraceValue>>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: TraceValue | undefined): number | undefined => (typeof x === 'number' ? x : undefined);
const show = (x: TraceValue | undefined) => (x === undefined ? '?' : typeof x === 'string' ? x : showValue(x));

/** Longer than Basic's (24): slots and commands take room. */
const MAX_LABEL = 28;
const cap = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function multiStepLabels(run: Run): Map<number, string> {
  const out = new Map<number, string>();
  /** Per server number: its last ballot (lBal) and its decided entries by slot. */
  const lBal = new Map<string, TraceValue>();
  const decided = new Map<string, TraceValue>();
  for (const e of run.entries) {
    if (e.kind !== 'step') continue;
    const { action, params, vars, node } = e.step;
    const k = typeof params.s === 'number' ? String(params.s) : typeof params.a === 'number' ? String(params.a) : node.replace(/^s/, '');
    for (const [key, v] of Object.entries(vars.lBal ?? {})) lBal.set(key, v);
    for (const [key, v] of Object.entries(vars.decided ?? {})) decided.set(key, v);
    const m = isRec(params.m) ? params.m : undefined;
    const applied = num(vars.applied?.[k]);
    let text: string;
    switch (action) {
      case 'Request':
        text = `Request #${show(vars.cSent?.[node])} ${commandText(params.cmd)}`;
        break;
      case 'Receive':
        text = `Receive #${show(m?.id)}: ${typeof m?.result === 'string' ? m.result : 'none'}`;
        break;
      case 'Phase1a':
        text = `Phase1a b${show(params.b)}`;
        break;
      case 'Phase1b':
        text = `Phase1b b${show(m?.bal)}`;
        break;
      case 'BecomeLeader':
        text = `BecomeLeader b${show(lBal.get(k))}`;
        break;
      case 'Propose':
        text = `Propose slot ${show(params.i)} ${entryText(params.e)}`;
        break;
      case 'Phase2b':
        text = `Phase2b b${show(m?.bal)} slot ${show(m?.slot)}`;
        break;
      case 'Decide':
        text = `Decide slot ${show(m?.slot)}`;
        break;
      case 'ApplyExecute':
        text = `Apply slot ${show(applied)} ${applied !== undefined ? entryText(decided.get(`${k}/${applied}`)) : ''}`.trimEnd();
        break;
      case 'ApplySkip': {
        const entry = applied !== undefined ? decided.get(`${k}/${applied}`) : undefined;
        const what = entryText(entry, true);
        text = `Skip slot ${show(applied)}${entry === undefined ? '' : what === 'noop' ? ' noop' : ` (${what.split(' ')[0]} again)`}`;
        break;
      }
      case 'Abandon':
        text = `Abandon b${show(lBal.get(k))}`;
        break;
      default:
        text = [action, ...Object.values(params).map(show)].join(' ');
    }
    out.set(e.line, cap(text));
  }
  return out;
}
