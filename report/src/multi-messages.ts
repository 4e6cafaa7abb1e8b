// Multi-Paxos messages in a few characters.  The simulator's net notes and
// its lost/duplicated events carry the implementation's messages
// (impl/src/multi/messages.ts: a batched 2a has `first` and `entries`);
// `sent` and `received` carry the spec's (one 2a per `slot`, with an
// `entry`).  Both read well here; anything else falls back to its fields.
import { match } from 'ts-pattern';
import type { TraceMessage, TraceValue } from '../../trace-check/src/format.ts';
import type { Message } from '../../impl/src/multi/messages.ts';
import { showValue } from './palette.ts';

type Rec = Readonly<Record<string, TraceValue>>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The fields each message of the implementation must have for its label (checked before we trust the type). */
const SHAPES: Readonly<Record<Message['type'], readonly string[]>> = {
  request: ['client', 'id', 'cmd'],
  reply: ['client', 'id', 'slot', 'result'],
  '1a': ['bal'],
  '1b': ['acc', 'bal', 'votes'],
  '2a': ['bal', 'first', 'entries'],
  '2b': ['acc', 'bal', 'first', 'entries'],
  nack: ['acc', 'bal', 'promised'],
  heartbeat: ['bal', 'decidedUpTo'],
  progress: ['from', 'applied'],
  'catch-up': ['from', 'first'],
  decided: ['first', 'decisions'],
  chosen: ['bal', 'first', 'last'],
  redirect: ['client', 'id', 'leader'],
};

/** The message as the implementation's type, when it has that shape (not the spec's per-slot 2a/2b). */
export function implMessage(m: TraceMessage): Message | null {
  const fields = (SHAPES as Record<string, readonly string[] | undefined>)[m.type];
  if (!fields || !fields.every((f) => f in m)) return null;
  for (const f of ['entries', 'votes', 'decisions']) if (f in m && !Array.isArray(m[f])) return null;
  return m as unknown as Message;
}

/** A command, spec-shaped ({op, key, val}) or the implementation's ({op, key, value}): "put k1=v2", "get k1". */
export function commandText(cmd: TraceValue | undefined): string {
  if (!isRec(cmd)) return '?';
  const key = typeof cmd.key === 'string' ? cmd.key : '';
  const val = cmd.val ?? cmd.value;
  if (cmd.op === 'put') return `put ${key}=${typeof val === 'string' ? val : showValue(val ?? null)}`;
  if (cmd.op === 'get') return `get ${key}`;
  return typeof cmd.op === 'string' ? cmd.op : '?';
}

/** An entry (a slot's content), either shape: "noop", "put k1=v2", with the request's name when `who`: "c1#3 put k1=v2". */
export function entryText(e: TraceValue | undefined, who = false): string {
  if (!isRec(e)) return '?';
  if (e.kind === 'noop' || (isRec(e.cmd) && e.cmd.op === 'noop')) return 'noop';
  if (isRec(e.cmd) && e.cmd.op === 'none') return 'none';
  const name = typeof e.client === 'string' ? `${e.client}#${String(e.id)}` : '';
  return `${who && name ? `${name} ` : ''}${commandText(e.cmd)}`;
}

/** "slot 5", "slots 5–8". */
export function slotsText(first: number, n: number): string {
  return n <= 1 ? `slot ${first}` : `slots ${first}–${first + n - 1}`;
}

const result = (r: string | null) => (r === null ? 'none' : r);

export function multiMessageLabel(m: TraceMessage): string {
  const impl = implMessage(m);
  if (impl) {
    return match(impl)
      .with({ type: 'request' }, (r) => `#${r.id} ${commandText(r.cmd as never)}`)
      .with({ type: 'reply' }, (r) => `#${r.id} → ${result(r.result)} · slot ${r.slot}`)
      .with({ type: 'redirect' }, (r) => (r.leader === null ? `redirect #${r.id}: no leader` : `redirect #${r.id} → ${r.leader}`))
      .with({ type: '1a' }, (r) => `1a b${r.bal}`)
      .with({ type: '1b' }, (r) => `1b b${r.bal}${r.votes.length > 0 ? ` · ${r.votes.length} vote${r.votes.length === 1 ? '' : 's'}` : ''}`)
      .with({ type: '2a' }, (r) => `2a b${r.bal} ${slotsText(r.first, r.entries.length)}`)
      .with({ type: '2b' }, (r) => `2b b${r.bal} ${slotsText(r.first, r.entries.length)}`)
      .with({ type: 'nack' }, (r) => `nack b${r.bal} < ${r.promised}`)
      .with({ type: 'heartbeat' }, (r) => `heartbeat b${r.bal} ≤${r.decidedUpTo}`)
      .with({ type: 'progress' }, (r) => `applied ≤${r.applied}`)
      .with({ type: 'catch-up' }, (r) => `catch-up from ${r.first}`)
      .with({ type: 'decided' }, (r) => `decided ${slotsText(r.first, r.decisions.length)}`)
      .with({ type: 'chosen' }, (r) => `chosen b${r.bal} ${slotsText(r.first, r.last - r.first + 1)}`)
      .exhaustive();
  }
  // The spec's records (traces without net notes: the explorer's).
  const bal = m.bal !== undefined ? ` b${showValue(m.bal)}` : '';
  const slot = typeof m.slot === 'number' ? ` slot ${m.slot}` : '';
  if (m.type === 'request') return `#${showValue(m.id ?? null)} ${commandText(m.cmd)}`;
  if (m.type === 'reply') return `#${showValue(m.id ?? null)} → ${typeof m.result === 'string' ? m.result : 'none'}${slot ? ` ·${slot}` : ''}`;
  return `${m.type}${bal}${slot}`.slice(0, 30);
}
