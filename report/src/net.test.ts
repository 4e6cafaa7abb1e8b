// Pairing by the network's numbers (net notes): each receipt, loss and
// duplicate names its copy, so identical messages delivered out of order
// are still paired right; a number no step sent is an orphan.
import { describe, expect, test } from 'vitest';
import { parseRun } from './entries.ts';
import { matchMessages } from './messages.ts';

const HEADER = JSON.stringify({ format: 'paxos-ref/trace', version: 1, spec: 'MultiPaxos', constants: { NumServers: 2, Quorums: [[0, 1]] } });
const hb = { type: 'heartbeat', bal: 0, decidedUpTo: 0, forgetUpTo: 0 };

let seq = 0;
const step = (node: string, net: object, extra: object = {}) => ({ seq: ++seq, node, action: 'Stutter', params: {}, sent: [], vars: {}, net, ...extra });
const event = (name: string, fields: object) => ({ seq: ++seq, event: name, ...fields });

function match(...lines: object[]) {
  seq = 0;
  const text = [HEADER, ...lines.map((l) => JSON.stringify(l))].join('\n');
  return matchMessages(parseRun('t.ndjson', `${text}\n`).entries);
}

describe('pairing by net notes', () => {
  test('identical messages received out of order are paired by number; a duplicate is a second copy of its send', () => {
    const m = match(
      step('s0', { out: [{ id: 1, to: 's1', msg: hb }] }), // line 2
      step('s0', { out: [{ id: 2, to: 's1', msg: hb }] }), // line 3
      event('duplicated', { from: 's0', to: 's1', msg: hb, id: 2, copy: 3 }), // line 4
      step('s1', { in: 2 }, { input: { kind: 'receive', from: 's0' } }), // line 5
      step('s1', { in: 3 }), // line 6
      step('s1', { in: 1 }), // line 7
    );
    expect(m.received.get(5)?.sendLine).toBe(3);
    expect(m.received.get(6)?.duplicate).toBe(true);
    expect(m.received.get(6)?.sendLine).toBe(3);
    expect(m.received.get(7)?.sendLine).toBe(2);
    expect(m.duplicates.get(4)).toBe(m.received.get(6));
    expect(m.copies.filter((c) => c.end.kind === 'flight')).toEqual([]);
  });

  test('a loss names its copy, wherever it is in the queue; a copy nobody sent is an orphan; copies never delivered stay in flight', () => {
    const m = match(
      step('s0', { out: [{ id: 1, to: 's1', msg: hb }, { id: 2, to: 's0', msg: hb }] }), // line 2
      event('lost', { from: 's0', to: 's1', msg: hb, why: 'down', id: 1 }), // line 3
      step('s1', { in: 9 }, { input: { kind: 'receive', from: 's0' } }), // line 4
    );
    expect(m.lost.get(3)?.sendLine).toBe(2);
    expect(m.lost.get(3)?.to).toBe('s1');
    expect(m.received.get(4)?.sendLine).toBe(null);
    expect(m.received.get(4)?.from).toBe('s0');
    expect(m.bySend.get(2)?.map((c) => [c.to, c.end.kind])).toEqual([['s1', 'lost'], ['s0', 'flight']]);
  });
});
