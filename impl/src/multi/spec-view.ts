// The refinement mapping of a Multi-Paxos server: its state and messages as
// spec/MultiPaxos.tla's variables and records.  Servers are numbers there
// (s0 is 0); entries and commands are the spec's records, with null for the
// model value NoVal.  A line logs only the entries a step changed, by key
// paths (trace-check/README.md): "0/5" is vBal[0][5], "0+" adds to the set
// executed[0].
import type { KvCommand } from '../kv/commands.ts';
import { quorumSubsets } from '../common/quorums.ts';
import type { MultiConfig } from './config.ts';
import type { Entry, NodeId, Slot, Vote } from './messages.ts';
import { SlotMap } from './slot-map.ts';
import type { ServerState } from './state.ts';
import type { ServerAction, SpecMsg } from './step.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A line's vars: variable -> key path -> value. */
export type SpecVars = Record<string, Record<string, Json>>;

export function serverNumber(config: MultiConfig, id: NodeId): number {
  const k = config.servers.indexOf(id);
  if (k < 0) throw new Error(`${id} is not a server`);
  return k;
}

export function specCommand(cmd: KvCommand): Json {
  return cmd.op === 'put' ? { op: 'put', key: cmd.key, val: cmd.value } : { op: 'get', key: cmd.key, val: null };
}

/** spec Noop, Entry(c, i, cmd). */
export function specEntry(e: Entry): Json {
  return e.kind === 'noop' ? { client: null, id: 0, cmd: { op: 'noop', key: null, val: null } } : { client: e.client, id: e.id, cmd: specCommand(e.cmd) };
}

/** spec None: no entry. */
export const SPEC_NONE: Json = { client: null, id: -1, cmd: { op: 'none', key: null, val: null } };

function specVote(v: Vote): Json {
  return { slot: v.slot, bal: v.bal, entry: specEntry(v.entry) };
}

export function specMessage(config: MultiConfig, m: SpecMsg): Json {
  switch (m.type) {
    case '1a':
      return { type: '1a', bal: m.bal, from: m.from };
    case '1b':
      return { type: '1b', acc: serverNumber(config, m.acc), bal: m.bal, votes: m.votes.map(specVote) };
    case '2a':
      return { type: '2a', bal: m.bal, slot: m.slot, entry: specEntry(m.entry) };
    case '2b':
      return { type: '2b', acc: serverNumber(config, m.acc), bal: m.bal, slot: m.slot, entry: specEntry(m.entry) };
    case 'reply':
      return { type: 'reply', client: m.client, id: m.id, slot: m.slot, result: m.result };
  }
}

export function specRequest(client: string, id: number, cmd: KvCommand): Json {
  return { type: 'request', client, id, cmd: specCommand(cmd) };
}

/** An action's parameters as the spec names them. */
export function specParams(config: MultiConfig, a: ServerAction): Record<string, Json> {
  const n = (id: NodeId) => serverNumber(config, id);
  switch (a.action) {
    case 'Phase1a':
      return { s: n(a.s), b: a.b };
    case 'Phase1b':
      return { a: n(a.a), m: specMessage(config, a.m) };
    case 'BecomeLeader':
      return { s: n(a.s), Q: a.Q.map(n) };
    case 'Propose':
      return { s: n(a.s), i: a.i, e: specEntry(a.e) };
    case 'Phase2b':
      return { a: n(a.a), m: specMessage(config, a.m) };
    case 'Decide':
      return { s: n(a.s), m: specMessage(config, a.m) };
    case 'ApplySkip':
    case 'ApplyExecute':
    case 'Abandon':
      return { s: n(a.s) };
  }
}

/**
 * The spec entries that differ between two states of one server.  Per-slot
 * rows are compared chunk by chunk (slot-map.ts), so this costs what the
 * step changed, not the length of the log.  Slots either state has
 * forgotten (forget.ts) are left out: the spec's values there are the ones
 * logged before, which the server no longer holds and never changes.
 */
export function serverVarsChanged(config: MultiConfig, before: ServerState, after: ServerState): SpecVars {
  const k = String(serverNumber(config, after.id));
  const out: SpecVars = {};
  const put = (v: string, path: string, value: Json) => ((out[v] ??= {})[path] = value);
  const { acceptor: a0, leader: l0, replica: r0 } = before;
  const { acceptor: a1, leader: l1, replica: r1 } = after;
  const forgotten = Math.max(r0.forgotten, r1.forgotten);
  const held = (slots: Slot[]) => (forgotten === 0 ? slots : slots.filter((i) => i > forgotten));
  if (a1.maxBal !== a0.maxBal) put('maxBal', k, a1.maxBal);
  for (const i of held(a1.votes.changedSince(a0.votes))) {
    const v = a1.votes.get(i);
    put('vBal', `${k}/${i}`, v ? v.bal : -1);
    put('vVal', `${k}/${i}`, v ? specEntry(v.entry) : SPEC_NONE);
  }
  if (l1.lBal !== l0.lBal) put('lBal', k, l1.lBal);
  if (l1.phase !== l0.phase) put('lPhase', k, l1.phase);
  if (l1.lBal !== l0.lBal || l1.phase !== l0.phase) {
    // spec Phase1a, BecomeLeader and Abandon set the whole row lProp[s]:
    // logged as every entry emptied ("0*"), then the entries it holds.  A
    // leader that forgot old slots cannot name the ones it proposed in.
    put('lProp', `${k}*`, SPEC_NONE);
    for (const [i, e] of l1.proposals.entries()) put('lProp', `${k}/${i}`, specEntry(e));
  } else {
    for (const i of held(l1.proposals.changedSince(l0.proposals))) {
      const e = l1.proposals.get(i);
      put('lProp', `${k}/${i}`, e ? specEntry(e) : SPEC_NONE);
    }
  }
  for (const i of held(r1.decided.changedSince(r0.decided))) {
    const d = r1.decided.get(i);
    put('decided', `${k}/${i}`, d ? specEntry(d.entry) : SPEC_NONE);
  }
  if (r1.applied !== r0.applied) put('applied', k, r1.applied);
  const added = held(r1.executed.changedSince(r0.executed));
  if (added.length > 0) put('executed', `${k}+`, added);
  if (r1.kv !== r0.kv) {
    for (const key of new Set([...r0.kv.keys(), ...r1.kv.keys()])) {
      if (r1.kv.get(key) !== r0.kv.get(key)) put('kv', `${k}/${key}`, r1.kv.get(key) ?? null);
    }
  }
  return out;
}

/**
 * One entry of a server's spec variables in a state, by the key paths
 * serverVarsChanged writes ("0/5", "0/k1", "0"; executed[0] whole).  The
 * cluster's trace merger uses it for what a fresh server holds, to build a
 * restart's line from lines alone (runtime/node/trace/restart-line.ts).
 */
export function serverSpecEntry(s: ServerState, variable: string, path: string): Json | undefined {
  const arg = path.slice(path.indexOf('/') + 1);
  const slot = Number(arg);
  switch (variable) {
    case 'maxBal':
      return s.acceptor.maxBal;
    case 'vBal':
      return s.acceptor.votes.get(slot)?.bal ?? -1;
    case 'vVal': {
      const v = s.acceptor.votes.get(slot);
      return v ? specEntry(v.entry) : SPEC_NONE;
    }
    case 'lBal':
      return s.leader.lBal;
    case 'lPhase':
      return s.leader.phase;
    case 'lProp': {
      const e = s.leader.proposals.get(slot);
      return e ? specEntry(e) : SPEC_NONE;
    }
    case 'decided': {
      const d = s.replica.decided.get(slot);
      return d ? specEntry(d.entry) : SPEC_NONE;
    }
    case 'applied':
      return s.replica.applied;
    case 'executed':
      return s.replica.executed.changedSince(emptyExecuted);
    case 'kv':
      return s.replica.kv.get(arg) ?? null;
    default:
      return undefined;
  }
}

const emptyExecuted = SlotMap.empty<true>();

/** The spec constants a deployment fixes; clients, keys and values come from the workload. */
export function multiSpecConstants(config: MultiConfig, workload: { clients: readonly string[]; keys: readonly string[]; vals: readonly string[] }): Record<string, Json> {
  const n = (id: NodeId) => serverNumber(config, id);
  return {
    NumServers: config.servers.length,
    Quorums: quorumSubsets(config.servers, config.weights).map((q) => q.map(n)),
    Clients: [...workload.clients],
    Keys: [...workload.keys],
    Vals: [...workload.vals],
    Window: config.window,
    Replicas: config.servers.map(n),
  };
}
