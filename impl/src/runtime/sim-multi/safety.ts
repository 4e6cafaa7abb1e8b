// The spec's safety properties of Multi-Paxos, checked by the simulator
// after every step on the servers' states (not on the trace): per-slot
// agreement across replicas, applied logs that are prefixes of one another,
// no request executed twice by a replica, and only requested commands
// applied.  Each check looks only at what a step changed (SlotMap diffs), so
// a run of 50,000 steps over thousands of slots stays cheap.
import type { KvCommand } from '../../kv/commands.ts';
import { requestKey, type Entry, type NodeId, type Slot } from '../../multi/messages.ts';
import { forgotUnapplied } from '../../multi/forget.ts';
import type { ServerState } from '../../multi/state.ts';

/**
 * The spec's properties, and ForgotUnapplied: no server forgets a slot some
 * server has not applied (the premise of multi/forget.ts; the spec does not
 * model forgetting, so its checker cannot see this).
 */
export type MultiViolationKind = 'SlotAgreement' | 'LogPrefix' | 'NoDoubleExecution' | 'AppliedWasRequested' | 'ForgotUnapplied';

export interface MultiViolation {
  readonly kind: MultiViolationKind;
  readonly node: NodeId;
  readonly slot: Slot;
  readonly message: string;
}

/** An entry as a string that two equal entries share (client, id and command). */
export function entryText(e: Entry): string {
  if (e.kind === 'noop') return 'noop';
  return `${requestKey(e)} ${commandText(e.cmd)}`;
}

function commandText(cmd: KvCommand): string {
  return cmd.op === 'put' ? `put(${cmd.key},${cmd.value})` : `get(${cmd.key})`;
}

export class SafetyMonitor {
  /** The first decision seen in each slot, by any replica: every other must equal it. */
  private readonly decided = new Map<Slot, { entry: string; by: NodeId }>();
  /** Every request a client sent, as entryText: what may be applied. */
  private readonly requested = new Set<string>();
  /** Per replica, the requests it executed (by request key), with the slot. */
  private readonly executed = new Map<NodeId, Map<string, Slot>>();
  /** Requests decided somewhere (by request key): the commands the cluster committed. */
  readonly committed = new Set<string>();

  requestSent(client: string, id: number, cmd: KvCommand): void {
    this.requested.add(`${client}#${id} ${commandText(cmd)}`);
  }

  /** A server that forgot past what another has applied (every server's state, after a step of `s`). */
  checkForgetting(s: ServerState, all: readonly ServerState[]): MultiViolation | null {
    const message = forgotUnapplied(s, all);
    return message === null ? null : { kind: 'ForgotUnapplied', node: s.id, slot: s.replica.forgotten, message };
  }

  /** The first violation the step from `before` to `after` of one server shows, or null. */
  check(before: ServerState, after: ServerState): MultiViolation | null {
    const node = after.id;
    const r0 = before.replica;
    const r1 = after.replica;
    if (r1.decided !== r0.decided) {
      for (const slot of r1.decided.changedSince(r0.decided)) {
        const d = r1.decided.get(slot);
        if (!d) continue;
        const text = entryText(d.entry);
        const first = this.decided.get(slot);
        if (!first) {
          this.decided.set(slot, { entry: text, by: node });
          if (d.entry.kind === 'request') this.committed.add(requestKey(d.entry));
        } else if (first.entry !== text) {
          return { kind: 'SlotAgreement', node, slot, message: `${node} decided ${text} in slot ${slot}, where ${first.by} decided ${first.entry}` };
        }
      }
    }
    // The applied prefix of each replica is its decided log up to applied;
    // with agreement on every decided slot, prefixes agree as long as every
    // applied slot is decided (a replica never applies past a gap).
    for (let slot = r0.applied + 1; slot <= r1.applied; slot++) {
      const d = r1.decided.get(slot);
      if (!d) return { kind: 'LogPrefix', node, slot, message: `${node} applied slot ${slot}, which it has not decided (its log has a gap)` };
      const agreed = this.decided.get(slot);
      if (agreed && agreed.entry !== entryText(d.entry)) {
        return { kind: 'LogPrefix', node, slot, message: `${node} applied ${entryText(d.entry)} at slot ${slot}, where the log holds ${agreed.entry}` };
      }
      if (d.entry.kind === 'request' && !this.requested.has(entryText(d.entry))) {
        return { kind: 'AppliedWasRequested', node, slot, message: `${node} applied ${entryText(d.entry)} at slot ${slot}, which no client requested` };
      }
    }
    if (r1.executed !== r0.executed) {
      const mine = this.executed.get(node) ?? new Map<string, Slot>();
      this.executed.set(node, mine);
      for (const slot of r1.executed.changedSince(r0.executed)) {
        const d = r1.decided.get(slot);
        if (!d || d.entry.kind !== 'request') continue;
        const key = requestKey(d.entry);
        const earlier = mine.get(key);
        if (earlier !== undefined && earlier !== slot) {
          return { kind: 'NoDoubleExecution', node, slot, message: `${node} executed ${key} twice: in slot ${earlier} and again in slot ${slot}` };
        }
        mine.set(key, slot);
      }
    }
    return null;
  }
}
