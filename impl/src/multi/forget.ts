// Forgetting what no one will ask about again, so that a long-lived
// server's memory and disk hold the undecided tail of the log and the
// store, not the whole history.  No spec action: the spec keeps every
// vote and decision, and the refinement mapping keeps the forgotten ones
// as history (spec-view.ts reads only slots above `forgotten`).
//
// Why slots 1 .. F may go once every server has durably applied them:
//   - a promise reports votes from its 1a's `from` on, and `from` is its
//     sender's applied + 1 when it began the ballot; applied never goes
//     down (it is on disk before anything that reveals it), so every 1a
//     begun from now on asks only about slots above F;
//   - a replica catches up from above its own applied, so above F;
//   - a 1a begun earlier, with a `from` at or below F, may still arrive:
//     the acceptor cannot report the votes it dropped, so it does not
//     answer (acceptor.ts); its sender gives up and begins a ballot that
//     asks from above F;
//   - a stale 2a, 2b or decision for such a slot is dropped unread: a vote
//     or a decision there would be a spec step the trace cannot show.
// The leader learns how far each server applied from `progress` answers
// to its heartbeats, and tells all, in the next heartbeat, the least of
// them: a server that is down holds everyone's forgetting back (catching
// it up by state transfer instead would need a spec action for it).
import type { MultiConfig } from './config.ts';
import type { Message, NodeId, Slot } from './messages.ts';
import type { ServerState } from './state.ts';
import type { Tx } from './step.ts';

/**
 * Why `s` forgot too much, or null: a slot it forgot that some server has
 * not applied (the premise above broken).  The simulator and the explorer
 * check it on every state.
 */
export function forgotUnapplied(s: ServerState, all: readonly ServerState[]): string | null {
  const behind = all.find((t) => t.replica.applied < s.replica.forgotten);
  return behind ? `${s.id} forgot slots 1..${s.replica.forgotten}, but ${behind.id} has applied only 1..${behind.replica.applied}` : null;
}

/** The highest slot every server has applied, as far as this leader has heard (0 until all have answered). */
export function appliedEverywhere(config: MultiConfig, s: ServerState): Slot {
  let low = s.replica.applied;
  for (const id of config.servers) if (id !== s.id) low = Math.min(low, s.leader.progress.get(id) ?? 0);
  return low;
}

/** Drop slots 1 .. upTo (never past this server's own applied) from every per-slot map, durably. */
export function forgetThrough(tx: Tx, upTo: Slot): void {
  const s = tx.state;
  const to = Math.min(upTo, s.replica.applied);
  if (to <= s.replica.forgotten) return;
  tx.set({
    ...s,
    acceptor: { ...s.acceptor, votes: s.acceptor.votes.forgetThrough(to) },
    leader: { ...s.leader, proposals: s.leader.proposals.forgetThrough(to) },
    replica: {
      ...s.replica,
      forgotten: to,
      decided: s.replica.decided.forgetThrough(to),
      executed: s.replica.executed.forgetThrough(to),
      tallies: s.replica.tallies.forgetThrough(to),
    },
  });
  tx.out({ kind: 'persist', record: { rec: 'forget', upTo: to } });
}

/** A server's answer to a heartbeat: how far it has applied. */
export function onProgress(tx: Tx, m: Extract<Message, { type: 'progress' }>): void {
  const s = tx.state;
  if (s.leader.phase !== 'p2' || (s.leader.progress.get(m.from) ?? 0) >= m.applied) return;
  tx.set({ ...s, leader: { ...s.leader, progress: new Map(s.leader.progress).set(m.from, m.applied) } });
}

/** A leader's heartbeat: forget what it says every server applied, and say how far this one applied. */
export function onForgetNotice(tx: Tx, leader: NodeId, forgetUpTo: Slot): void {
  forgetThrough(tx, forgetUpTo);
  tx.out({ kind: 'send', to: leader, msg: { type: 'progress', from: tx.state.id, applied: tx.state.replica.applied } });
}
