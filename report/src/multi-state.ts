// A Multi-Paxos node's whole spec state after each of its steps, in short,
// for the step's tooltip.  Lines log only what changed (trace-check/README.md),
// so the state is folded line by line: per server its ballots, its votes,
// proposals and decisions by slot (as counts and ranges, the latest in
// full), what it applied and its key-value store; per client what it sent
// and whether it waits.
import type { TraceValue } from '../../trace-check/src/format.ts';
import type { Run } from './entries.ts';
import { entryText } from './multi-messages.ts';
import { showValue } from './palette.ts';

interface ServerView {
  readonly scalars: Map<string, TraceValue>;
  /** slot -> [ballot, entry] of the server's last vote. */
  readonly votes: Map<number, [TraceValue, TraceValue]>;
  readonly proposals: Map<number, TraceValue>;
  readonly decided: Map<number, TraceValue>;
  readonly executed: Set<number>;
  readonly kv: Map<string, TraceValue>;
}

const NONE_ID = -1;
const isNone = (e: TraceValue | undefined) => typeof e === 'object' && e !== null && !Array.isArray(e) && e.id === NONE_ID;
const show = (v: TraceValue | undefined) => (v === undefined ? '?' : typeof v === 'string' ? v : showValue(v));

/** "1–4, 6". */
export function slotRanges(slots: Iterable<number>): string {
  const s = [...slots].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}–${s[j]}`);
    i = j + 1;
  }
  return parts.join(', ') || 'none';
}

/** The spec's Init, for what no line has changed yet (NoBallot is -1). */
const INIT: Readonly<Record<string, TraceValue>> = { maxBal: -1, lBal: -1, lPhase: 'idle', applied: 0 };

function serverText(k: string, v: ServerView): string {
  const sc = (name: string) => show(v.scalars.get(name) ?? INIT[name]);
  const last = <T>(m: Map<number, T>) => (m.size > 0 ? Math.max(...m.keys()) : undefined);
  const lv = last(v.votes);
  const ld = last(v.decided);
  const out = [
    `  maxBal[${k}] = ${sc('maxBal')} · lBal[${k}] = ${sc('lBal')} · lPhase[${k}] = ${sc('lPhase')} · applied[${k}] = ${sc('applied')}`,
    `  votes in slots ${slotRanges(v.votes.keys())}${lv !== undefined ? ` (slot ${lv}: b${show(v.votes.get(lv)![0])} ${entryText(v.votes.get(lv)![1])})` : ''}`,
    `  proposals in slots ${slotRanges(v.proposals.keys())}`,
    `  decided slots ${slotRanges(v.decided.keys())}${ld !== undefined ? ` (slot ${ld}: ${entryText(v.decided.get(ld), true)})` : ''}`,
    `  executed slots ${slotRanges(v.executed)}`,
    `  kv[${k}]: ${v.kv.size > 0 ? [...v.kv].sort(([a], [b]) => a.localeCompare(b)).map(([key, val]) => `${key}=${val === null ? 'NoVal' : show(val)}`).join(' ') : 'every key NoVal'}`,
  ];
  return out.join('\n');
}

/** For each step line of a server or client: its spec state after the step, in a few lines. */
export function multiStates(run: Run): Map<number, string> {
  const servers = new Map<string, ServerView>();
  const clients = new Map<string, Map<string, TraceValue>>();
  const server = (k: string) => {
    let v = servers.get(k);
    if (!v) servers.set(k, (v = { scalars: new Map(), votes: new Map(), proposals: new Map(), decided: new Map(), executed: new Set(), kv: new Map() }));
    return v;
  };
  const out = new Map<number, string>();
  for (const e of run.entries) {
    if (e.kind !== 'step') continue;
    const { node, vars } = e.step;
    for (const [name, entries] of Object.entries(vars)) {
      for (const [key, value] of Object.entries(entries)) {
        const [k, rest] = key.includes('/') ? [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)] : [key, ''];
        switch (name) {
          case 'maxBal':
          case 'lBal':
          case 'lPhase':
          case 'applied':
            server(k).scalars.set(name, value);
            break;
          case 'vBal':
          case 'vVal': {
            const slot = Number(rest);
            const v = server(k);
            const [bal, entry] = v.votes.get(slot) ?? [-1, null];
            const now: [TraceValue, TraceValue] = name === 'vBal' ? [value, entry] : [bal, value];
            if (now[0] === -1 && (now[1] === null || isNone(now[1]))) v.votes.delete(slot);
            else v.votes.set(slot, now);
            break;
          }
          case 'lProp':
          case 'decided': {
            const m = name === 'lProp' ? server(k).proposals : server(k).decided;
            if (rest === '' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
              // A whole row: every slot at once.
              m.clear();
              for (const [slot, v] of Object.entries(value)) if (!isNone(v)) m.set(Number(slot), v);
            } else if (isNone(value)) m.delete(Number(rest));
            else m.set(Number(rest), value);
            break;
          }
          case 'executed':
            if (key.endsWith('+') && Array.isArray(value)) for (const s of value) if (typeof s === 'number') server(key.slice(0, -1)).executed.add(s);
            break;
          case 'kv':
            server(k).kv.set(rest, value);
            break;
          default: {
            // Clients' cSent, cBusy, hFloor and the history's hMax: shown as the line gives them.
            const c = clients.get(node) ?? clients.set(node, new Map()).get(node)!;
            c.set(`${name}[${key}]`, value);
          }
        }
      }
    }
    const k = node.replace(/^s(?=\d+$)/, '');
    if (servers.has(k) || /^s\d+$/.test(node)) out.set(e.line, serverText(k, server(k)));
    else {
      const c = clients.get(node);
      if (c) out.set(e.line, `  ${[...c].filter(([name]) => !name.startsWith('hFloor')).map(([name, v]) => `${name} = ${show(v)}`).join(' · ')}`);
    }
  }
  return out;
}
