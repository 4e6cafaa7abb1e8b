import { describe, expect, test } from 'vitest';
import { acceptorStep, initAcceptor, type AcceptorState } from './acceptor.ts';
import { threeAcceptors } from './test-config.ts';
import type { Input } from './io.ts';
import type { Message } from './messages.ts';

const config = threeAcceptors();
const receive = (msg: Message): Input => ({ kind: 'receive', from: 'x', msg });
const run = (s: AcceptorState, ...msgs: Message[]) => msgs.reduce((st, m) => acceptorStep(config, st, receive(m)).state, s);

describe('acceptor', () => {
  test('joins a higher ballot: persists the promise, then replies to the ballot’s owner with its last vote', () => {
    const r = acceptorStep(config, initAcceptor('a1'), receive({ type: '1a', bal: 3 }));
    expect(r.state.durable).toEqual({ maxBal: 3, maxVBal: -1, maxVal: null });
    expect(r.outputs).toEqual([
      { kind: 'persist', role: 'acceptor', durable: { maxBal: 3, maxVBal: -1, maxVal: null } },
      { kind: 'send', to: 'p1', msg: { type: '1b', acc: 'a1', bal: 3, mbal: -1, mval: null } },
    ]);
  });

  test('a promise reports the last vote', () => {
    const s = run(initAcceptor('a1'), { type: '2a', bal: 0, val: 'x' });
    const r = acceptorStep(config, s, receive({ type: '1a', bal: 1 }));
    expect(r.outputs.at(-1)).toEqual({ kind: 'send', to: 'p1', msg: { type: '1b', acc: 'a1', bal: 1, mbal: 0, mval: 'x' } });
  });

  test('a 1a below the promise gets a nack naming the promise', () => {
    const s = run(initAcceptor('a1'), { type: '1a', bal: 3 });
    const r = acceptorStep(config, s, receive({ type: '1a', bal: 2 }));
    expect(r.state).toBe(s);
    expect(r.outputs).toEqual([{ kind: 'send', to: 'p0', msg: { type: 'nack', acc: 'a1', bal: 2, promised: 3 } }]);
  });

  test('a repeated 1a is answered with the same promise until the acceptor votes in that ballot', () => {
    const s = run(initAcceptor('a1'), { type: '1a', bal: 1 });
    expect(acceptorStep(config, s, receive({ type: '1a', bal: 1 })).outputs).toEqual([
      { kind: 'send', to: 'p1', msg: { type: '1b', acc: 'a1', bal: 1, mbal: -1, mval: null } },
    ]);
    const voted = run(s, { type: '2a', bal: 1, val: 'y' });
    expect(acceptorStep(config, voted, receive({ type: '1a', bal: 1 })).outputs).toEqual([]);
  });

  test('votes at or above its promise: persists the vote, then tells every learner', () => {
    const s = run(initAcceptor('a2'), { type: '1a', bal: 1 });
    const r = acceptorStep(config, s, receive({ type: '2a', bal: 1, val: 'v' }));
    expect(r.state.durable).toEqual({ maxBal: 1, maxVBal: 1, maxVal: 'v' });
    expect(r.outputs).toEqual([
      { kind: 'persist', role: 'acceptor', durable: { maxBal: 1, maxVBal: 1, maxVal: 'v' } },
      { kind: 'send', to: 'l1', msg: { type: '2b', acc: 'a2', bal: 1, val: 'v' } },
    ]);
  });

  test('refuses to vote below its promise', () => {
    const s = run(initAcceptor('a2'), { type: '1a', bal: 3 });
    const r = acceptorStep(config, s, receive({ type: '2a', bal: 2, val: 'v' }));
    expect(r.state).toBe(s);
    expect(r.outputs).toEqual([{ kind: 'send', to: 'p0', msg: { type: 'nack', acc: 'a2', bal: 2, promised: 3 } }]);
  });

  test('the acceptBelowPromise bug switch votes anyway (for the mutation tests only)', () => {
    const buggy = threeAcceptors({ acceptBelowPromise: true });
    const s = run(initAcceptor('a2'), { type: '1a', bal: 3 });
    expect(acceptorStep(buggy, s, receive({ type: '2a', bal: 2, val: 'v' })).state.durable).toEqual({ maxBal: 3, maxVBal: 2, maxVal: 'v' });
  });

  test('ignores what is not for acceptors, timers and recovery', () => {
    const s = run(initAcceptor('a1'), { type: '1a', bal: 1 });
    for (const input of [
      receive({ type: '1b', acc: 'a2', bal: 1, mbal: -1, mval: null }),
      receive({ type: '2b', acc: 'a2', bal: 1, val: 'v' }),
      receive({ type: 'request', val: 'v' }),
      receive({ type: 'nack', acc: 'a2', bal: 1, promised: 2 }),
      receive({ type: 'decided', bal: 1, val: 'v' }),
      { kind: 'timer', timer: 'round', bal: 1 } as const,
      { kind: 'recover' } as const,
    ]) {
      expect(acceptorStep(config, s, input)).toEqual({ state: s, outputs: [] });
    }
  });
});
