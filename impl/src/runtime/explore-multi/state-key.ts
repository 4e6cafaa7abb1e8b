// Canonical strings for the Multi-Paxos explorer: equal for equal states,
// whatever order their maps were filled in (SlotMaps are walked in slot
// order, Maps by sorted key) and whatever extra fields an object carries (an
// entry built from a request message also has its `type`).  Cached per
// object: a step changes one server and the explorer shares the rest.
import { match } from 'ts-pattern';
import type { KvCommand, KvState } from '../../kv/commands.ts';
import type { DurableState, MachineImage } from '../../multi/io.ts';
import type { Entry, Message, Vote } from '../../multi/messages.ts';
import type { SlotMap } from '../../multi/slot-map.ts';
import type { ClientRecord, ServerState } from '../../multi/state.ts';

export function commandKey(cmd: KvCommand): string {
  return cmd.op === 'put' ? `put(${cmd.key},${cmd.value})` : `get(${cmd.key})`;
}

export function entryKey(e: Entry): string {
  return e.kind === 'noop' ? 'noop' : `${e.client}#${e.id}:${commandKey(e.cmd)}`;
}

const voteKey = (v: Vote) => `${v.slot}@${v.bal}=${entryKey(v.entry)}`;

function sorted<K extends string, V>(m: ReadonlyMap<K, V>): [K, V][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const slotKeys = new WeakMap<SlotMap<unknown>, string>();

/** A SlotMap through `show`, cached per map (the same map is shared by many states). */
export function slotMapKey<T>(m: SlotMap<T>, show: (v: T) => string): string {
  let k = slotKeys.get(m as SlotMap<unknown>);
  if (k === undefined) {
    k = [...m.entries()].map(([i, v]) => `${i}:${show(v)}`).join(';');
    slotKeys.set(m as SlotMap<unknown>, k);
  }
  return k;
}

const kvKey = (kv: KvState) => sorted(kv).map(([k, v]) => `${k}=${v}`).join(';');

/** Each client's latest executed request and answer (a replica's, or an image's). */
function lastByClientKey(m: ReadonlyMap<string, ClientRecord>): string {
  return sorted(m).map(([c, e]) => `${c}=${e.id}@${e.slot}:${e.result}`).join(';');
}

const serverKeys = new WeakMap<ServerState, string>();

/**
 * Every field of a server but `leader.failures`: that counter only lengthens
 * the election timer's delay, and the explorer lets any timer fire at any
 * moment, so two servers that differ in it alone behave alike.
 */
export function serverKey(s: ServerState): string {
  let k = serverKeys.get(s);
  if (k !== undefined) return k;
  const { acceptor: a, leader: l, replica: r } = s;
  const acc = `${a.maxBal}|${slotMapKey(a.votes, (v) => `${v.bal}=${entryKey(v.entry)}`)}`;
  const promises = sorted(l.promises).map(([n, vs]) => `${n}:${vs.map(voteKey).join(',')}`).join(';');
  const lead = [
    l.lBal,
    l.phase,
    promises,
    slotMapKey(l.proposals, entryKey),
    l.gaps.join(','),
    l.next,
    l.queue.map((q) => `${q.client}#${q.id}:${commandKey(q.cmd)}`).join(','),
    l.maxSeen,
    l.knownLeader ?? '-',
    sorted(l.progress).map(([n, a]) => `${n}=${a}`).join(','),
  ].join('|');
  const last = lastByClientKey(r.lastByClient);
  const tallies = slotMapKey(r.tallies, (inSlot) => sorted(inSlot).map(([bal, v]) => `${bal}=${entryKey(v.entry)}/${[...v.voters].sort().join(',')}`).join(','));
  const rep = [slotMapKey(r.decided, (d) => `${d.bal}=${entryKey(d.entry)}`), r.applied, slotMapKey(r.executed, () => 'x'), last, kvKey(r.kv), tallies, r.forgotten, r.catchUpTo].join('|');
  k = `${acc}/${lead}/${rep}`;
  serverKeys.set(s, k);
  return k;
}

const diskKeys = new WeakMap<DurableState, string>();

function imageKey(i: MachineImage): string {
  return `${i.at}:${lastByClientKey(i.lastByClient)}:${kvKey(i.kv)}:${slotMapKey(i.executed, () => 'x')}`;
}

export function diskKey(d: DurableState): string {
  let k = diskKeys.get(d);
  if (k === undefined) {
    k = `${d.maxBal}|${slotMapKey(d.votes, (v) => `${v.bal}=${entryKey(v.entry)}`)}|${d.lBal}|${slotMapKey(d.decided, (x) => `${x.bal}=${entryKey(x.entry)}`)}|${d.applied}|${d.forgotten}|${d.image ? imageKey(d.image) : '-'}`;
    diskKeys.set(d, k);
  }
  return k;
}

/** What a crash would restore, as the server holds it now: equal to diskKey when every change was persisted. */
export function durableKeyOf(s: ServerState): string {
  const d: DurableState = { maxBal: s.acceptor.maxBal, votes: s.acceptor.votes, lBal: s.leader.lBal, decided: s.replica.decided, applied: s.replica.applied, forgotten: s.replica.forgotten, image: null };
  return diskKey(d);
}

export function messageKey(m: Message): string {
  return match(m)
    .with({ type: 'request' }, (x) => `req|${x.client}#${x.id}:${commandKey(x.cmd)}`)
    .with({ type: 'reply' }, (x) => `reply|${x.client}#${x.id}@${x.slot}=${x.result}`)
    .with({ type: '1a' }, (x) => `1a|${x.bal}|${x.from}`)
    .with({ type: '1b' }, (x) => `1b|${x.acc}|${x.bal}|${x.votes.map(voteKey).join(',')}`)
    .with({ type: '2a' }, (x) => `2a|${x.bal}|${x.first}|${x.entries.map(entryKey).join(',')}`)
    .with({ type: '2b' }, (x) => `2b|${x.acc}|${x.bal}|${x.first}|${x.entries.map(entryKey).join(',')}`)
    .with({ type: 'nack' }, (x) => `nack|${x.acc}|${x.bal}|${x.promised}`)
    .with({ type: 'heartbeat' }, (x) => `hb|${x.bal}|${x.decidedUpTo}|${x.forgetUpTo}`)
    .with({ type: 'progress' }, (x) => `prog|${x.from}|${x.applied}`)
    .with({ type: 'catch-up' }, (x) => `cu|${x.from}|${x.first}`)
    .with({ type: 'decided' }, (x) => `dec|${x.first}|${x.decisions.map((d) => `${d.bal}=${entryKey(d.entry)}`).join(',')}`)
    .with({ type: 'chosen' }, (x) => `ch|${x.bal}|${x.first}|${x.last}`)
    .with({ type: 'redirect' }, (x) => `redir|${x.client}#${x.id}|${x.leader ?? '-'}`)
    .exhaustive();
}
