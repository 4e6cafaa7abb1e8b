// The spec's safety properties of Multi-Paxos, as predicates on one global
// state of the explorer (the simulator's monitor, sim-multi/safety.ts,
// checks step by step and keeps history; the explorer branches, so each
// state is judged on its own):
//   SlotAgreement       no two replicas decided different entries in a slot;
//   LogPrefix           a replica applied only decided slots, so with
//                       agreement the applied logs are prefixes of one another;
//   NoDoubleExecution   no replica executed one request in two slots;
//   AppliedWasRequested every applied request is one a client sent;
//   ReplyConsistent     every answer a client accepted is what applying the
//                       decided log up to its slot gives, at that slot;
//   ForgotUnapplied     no server forgot a slot some server has not applied
//                       (multi/forget.ts).
// Slots a server forgot were checked when it still held them; what was
// decided in them comes from the explorer's history (`chosen`).
import { applyCommand, type KvCommand, type KvState, emptyKvState } from '../../kv/commands.ts';
import { requestKey, type Entry, type Slot } from '../../multi/messages.ts';
import { forgotUnapplied } from '../../multi/forget.ts';
import { SlotMap } from '../../multi/slot-map.ts';
import type { ServerState } from '../../multi/state.ts';
import { commandKey, entryKey } from './state-key.ts';

export type MultiPropertyName = 'SlotAgreement' | 'LogPrefix' | 'NoDoubleExecution' | 'AppliedWasRequested' | 'ReplyConsistent' | 'ForgotUnapplied';

export interface MultiSafetyViolation {
  readonly property: MultiPropertyName;
  readonly message: string;
}

/** An answer a client took as the result of its request `id`. */
export interface Accepted {
  readonly id: number;
  readonly slot: Slot;
  readonly result: string | null;
}

export interface ClientView {
  readonly name: string;
  /** The commands the client has sent, request i + 1 is commands[i]. */
  readonly sent: readonly KvCommand[];
  readonly accepted: readonly Accepted[];
}

export function checkMultiSafety(servers: readonly ServerState[], clients: readonly ClientView[], chosen: SlotMap<Entry> = SlotMap.empty()): MultiSafetyViolation | null {
  const log = new Map<Slot, { entry: Entry; by: string }>();
  for (const [slot, entry] of chosen.entries()) log.set(slot, { entry, by: 'an earlier state' });
  for (const s of servers) {
    for (const [slot, d] of s.replica.decided.entries()) {
      const first = log.get(slot);
      if (!first) log.set(slot, { entry: d.entry, by: s.id });
      else if (entryKey(first.entry) !== entryKey(d.entry)) {
        return { property: 'SlotAgreement', message: `${s.id} decided ${entryKey(d.entry)} in slot ${slot}, where ${first.by} decided ${entryKey(first.entry)}` };
      }
    }
  }
  const requested = (e: Entry) => {
    if (e.kind === 'noop') return true;
    const cmd = clients.find((c) => c.name === e.client)?.sent[e.id - 1];
    return cmd !== undefined && commandKey(cmd) === commandKey(e.cmd);
  };
  for (const s of servers) {
    const r = s.replica;
    const forgot = forgotUnapplied(s, servers);
    if (forgot !== null) return { property: 'ForgotUnapplied', message: forgot };
    for (let slot = r.forgotten + 1; slot <= r.applied; slot++) {
      const d = r.decided.get(slot);
      if (!d) return { property: 'LogPrefix', message: `${s.id} applied up to slot ${r.applied}, but slot ${slot} is not decided there: its log has a gap` };
      if (!requested(d.entry)) return { property: 'AppliedWasRequested', message: `${s.id} applied ${entryKey(d.entry)} in slot ${slot}, which no client requested` };
    }
    const seen = new Map<string, Slot>();
    for (const [slot] of r.executed.entries()) {
      const e = r.decided.get(slot)?.entry;
      if (!e || e.kind === 'noop') continue;
      const earlier = seen.get(requestKey(e));
      if (earlier !== undefined) return { property: 'NoDoubleExecution', message: `${s.id} executed ${requestKey(e)} twice: in slot ${earlier} and in slot ${slot}` };
      seen.set(requestKey(e), slot);
    }
  }
  for (const c of clients) {
    for (const a of c.accepted) {
      const problem = replyProblem(log, c.name, a);
      if (problem) return { property: 'ReplyConsistent', message: `${c.name} accepted ${a.result === null ? 'null' : JSON.stringify(a.result)} for request ${c.name}#${a.id} at slot ${a.slot}: ${problem}` };
    }
  }
  return null;
}

/** Why an accepted answer disagrees with the decided log (applied as the spec applies it), or null. */
function replyProblem(log: ReadonlyMap<Slot, { entry: Entry }>, client: string, a: Accepted): string | null {
  let kv: KvState = emptyKvState;
  const lastId = new Map<string, number>();
  for (let slot = 1; slot <= a.slot; slot++) {
    const e = log.get(slot)?.entry;
    if (!e) return `slot ${slot} is decided nowhere`;
    // spec ApplySkip: no-ops and requests already executed change nothing.
    const skipped = e.kind === 'noop' || (lastId.get(e.client) ?? 0) >= e.id;
    if (slot === a.slot) {
      if (e.kind === 'noop' || e.client !== client || e.id !== a.id) return `the log holds ${entryKey(e)} there`;
      if (skipped) return `the request was executed in an earlier slot`;
      const { result } = applyCommand(kv, e.cmd);
      const expected = result.op === 'put' ? (e.cmd as { value: string }).value : result.value;
      return expected === a.result ? null : `applying the log gives ${expected === null ? 'null' : JSON.stringify(expected)}`;
    }
    if (skipped) continue;
    kv = applyCommand(kv, e.cmd).state;
    lastId.set(e.client, e.id);
  }
  return null;
}
