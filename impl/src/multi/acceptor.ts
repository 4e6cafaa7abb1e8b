// The acceptor part of a server (spec Phase1b, Phase2b).  Its state is all
// durable: the ballot joined and the last vote in every slot.  Each change
// is persisted before the message that reveals it, so a crash can never
// make it forget a promise or a vote someone counted.
import { ownerOf, type MultiConfig } from './config.ts';
import type { Ballot, Entry, Message, Slot, Vote } from './messages.ts';
import type { SlotMap } from './slot-map.ts';
import { serverWith } from './state.ts';
import type { Tx, SpecMsg } from './step.ts';

/** The votes in slots `from` on, in slot order: what a promise reports (spec VotesFrom). */
export function votesFrom(votes: SlotMap<Vote>, from: Slot): Vote[] {
  return [...votes.entriesFrom(from)].map(([, v]) => v);
}

function nack(config: MultiConfig, tx: Tx, bal: Ballot): void {
  const { id, acceptor } = tx.state;
  tx.out({ kind: 'send', to: ownerOf(config, bal), msg: { type: 'nack', acc: id, bal, promised: acceptor.maxBal } });
}

/**
 * spec Phase1b(a, Msg1a(bal, from)): join bal, above any ballot joined, and
 * report every vote from slot `from` on.  The promise holds in every slot;
 * the leader needs reports only where it may propose, so a promise costs
 * the undecided tail of the log, not the whole log.
 */
export function onPrepare(config: MultiConfig, tx: Tx, m1a: Extract<Message, { type: '1a' }>): void {
  const s = tx.state;
  const { bal, from } = m1a;
  const { maxBal, votes } = s.acceptor;
  // A promise must report every vote from `from` on; the ones at or below
  // `forgotten` are gone, so no answer (forget.ts: only a 1a begun before
  // every server applied that far asks about them).
  if (from <= s.replica.forgotten) return;
  if (bal > maxBal) {
    const acceptor = { ...s.acceptor, maxBal: bal };
    const m1b = { type: '1b', acc: s.id, bal, votes: votesFrom(votes, from) } as const;
    const m: SpecMsg = { type: '1a', bal, from };
    tx.act({ action: 'Phase1b', a: s.id, m }, serverWith(s, { acceptor }), [m1b], m);
    // The promise must be on disk before the leader can count on it.
    tx.out({ kind: 'persist', record: { rec: 'promise', maxBal: bal } }, { kind: 'send', to: ownerOf(config, bal), msg: m1b });
    return;
  }
  // A repeated 1a for the ballot joined: the promise goes again while no
  // vote has been cast since (a vote in bal would change what it reports),
  // when it is the very message sent before, so a lost promise is recovered.
  if (bal === maxBal && ![...votes.entries()].some(([, v]) => v.bal >= bal)) {
    tx.out({ kind: 'send', to: ownerOf(config, bal), msg: { type: '1b', acc: s.id, bal, votes: votesFrom(votes, from) } });
    return;
  }
  if (bal < maxBal) nack(config, tx, bal);
}

/** spec Phase2b(a, Msg2a(bal, i, e)) for each slot i of the batch, then one 2b for them all. */
export function onAccept(config: MultiConfig, tx: Tx, msg: Extract<Message, { type: '2a' }>): void {
  const { bal, first, entries } = msg;
  // Voting below the ballot joined would break the promise that ballot's
  // leader relied on when it chose what to propose.
  if (bal < tx.state.acceptor.maxBal) return nack(config, tx, bal);
  // Slots forgotten here are decided everywhere: a vote there now would be
  // a spec step no trace line could show (forget.ts).
  const skip = Math.max(0, tx.state.replica.forgotten + 1 - msg.first);
  if (skip > 0) return onAccept(config, tx, { ...msg, first: msg.first + skip, entries: msg.entries.slice(skip) });
  if (entries.length === 0) return;
  entries.forEach((entry: Entry, k) => {
    const s = tx.state;
    const slot = first + k;
    const acceptor = { maxBal: bal, votes: s.acceptor.votes.set(slot, { slot, bal, entry }) };
    const m2a = { type: '2a', bal, slot, entry } as const;
    tx.act({ action: 'Phase2b', a: s.id, m: m2a }, serverWith(s, { acceptor }), [{ type: '2b', acc: s.id, bal, slot, entry }], m2a);
  });
  tx.out({ kind: 'persist', record: { rec: 'votes', bal, first, entries } });
  // To the leader alone: it decides, and tells the others with a chosen
  // notice (replica.ts onVotes), which costs them one short message instead
  // of a vote from every acceptor, entries and all.
  tx.out({ kind: 'send', to: ownerOf(config, bal), msg: { type: '2b', acc: tx.state.id, bal, first, entries } });
}
