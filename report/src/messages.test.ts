// Pairing sends with receipts: in order; a loss as the message is sent
// takes the copy just sent, a loss at a receiver that is down the oldest;
// a duplicate is a second copy of the same send; the lines of one server's
// step (one per role) consume one delivery; field order does not matter.
import { describe, expect, test } from 'vitest';
import { parseRun } from './entries.ts';
import { matchMessages } from './messages.ts';

const HEADER = JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'Paxos', constants: { Acceptors: ['s1', 's2'], Quorums: [['s1', 's2']], NumProposers: 1, Learners: ['s2'] } });
const m1a = { type: '1a', bal: 1 };

let seq = 0;
const send = (node: string, to: string, msg: object = m1a, extra: object = {}) => ({ seq: ++seq, node, action: 'Stutter', params: {}, sent: [{ to, msg }], vars: {}, ...extra });
const recv = (node: string, from: string, msg: object = m1a, extra: object = {}) => ({ seq: ++seq, node, action: 'Stutter', params: {}, received: { from, msg }, sent: [], vars: {}, ...extra });
const event = (name: string, fields: object) => ({ seq: ++seq, event: name, ...fields });

/** Lines 2.. of a trace; returns the matching. */
function match(...lines: object[]) {
  seq = 0;
  const text = [HEADER, ...lines.map((l) => JSON.stringify(l))].join('\n');
  return matchMessages(parseRun('t.ndjson', `${text}\n`).entries);
}

describe('matching sends with receipts', () => {
  test('copies of one message are received in the order they were sent', () => {
    const m = match(send('s1', 's2'), send('s1', 's2'), recv('s2', 's1'), recv('s2', 's1'));
    expect(m.received.get(4)?.sendLine).toBe(2);
    expect(m.received.get(5)?.sendLine).toBe(3);
    expect(m.copies.every((c) => c.end.kind === 'received')).toBe(true);
  });

  test('a message lost as it is sent is the copy just sent; one lost at a receiver that is down, the oldest', () => {
    const atSend = match(send('s1', 's2'), send('s1', 's2'), event('lost', { from: 's1', to: 's2', msg: m1a, why: 'loss' }), recv('s2', 's1'));
    expect(atSend.lost.get(4)?.sendLine).toBe(3);
    expect(atSend.received.get(5)?.sendLine).toBe(2);
    const down = match(send('s1', 's2'), send('s1', 's2'), event('lost', { from: 's1', to: 's2', msg: m1a, why: 'down' }), recv('s2', 's1'));
    expect(down.lost.get(4)?.sendLine).toBe(2);
    expect(down.received.get(5)?.sendLine).toBe(3);
  });

  test('a duplicated message is a second copy of the same send, received on its own', () => {
    const m = match(send('s1', 's2'), event('duplicated', { from: 's1', to: 's2', msg: m1a }), recv('s2', 's1'), recv('s2', 's1'));
    const original = m.received.get(4)!;
    const second = m.received.get(5)!;
    expect(original.duplicate).toBe(false);
    expect(original.duplicatedAt).toBe(3);
    expect(second.duplicate).toBe(true);
    expect(second.sendLine).toBe(2);
    expect(m.duplicates.get(3)).toBe(second);
    expect(m.bySend.get(2)).toEqual([original, second]);
  });

  test("the lines of one server's step, one per role, take one delivery", () => {
    const m = match(send('s1', 's2'), recv('s2', 's1', m1a, { role: 'proposer' }), recv('s2', 's1', m1a, { role: 'learner' }));
    expect(m.received.get(3)?.sendLine).toBe(2);
    expect(m.sameInput.get(4)).toBe(3);
    expect(m.received.has(4)).toBe(false);
    // Without roles, two receipts are two deliveries: the second had no send.
    const twice = match(send('s1', 's2'), recv('s2', 's1'), recv('s2', 's1'));
    expect(twice.sameInput.size).toBe(0);
    expect(twice.received.get(4)?.sendLine).toBeNull();
  });

  test('a receipt no logged step sent, a message never received, and field order', () => {
    const m = match(recv('s2', 's1'), send('s1', 's2', { type: '2a', bal: 1, val: 'x' }), recv('s2', 's1', { val: 'x', bal: 1, type: '2a' }), send('s2', 's1'));
    expect(m.received.get(2)?.sendLine).toBeNull();
    expect(m.received.get(4)?.sendLine).toBe(3);
    expect(m.bySend.get(5)?.[0]?.end).toEqual({ kind: 'flight' });
  });
});
