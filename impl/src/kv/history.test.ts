import { describe, expect, test } from 'vitest';
import { HistoryRecorder, assertValidHistory, formatOperation, validateHistory, type History } from './history.ts';

describe('validateHistory', () => {
  test('a well-formed history, pending operations included, has no problems', () => {
    const ok: History = [
      { client: 'c1', id: 0, command: { op: 'put', key: 'x', value: 'a' }, call: 0, ret: 0, result: { op: 'put' } },
      { client: 'c1', id: 1, command: { op: 'get', key: 'x' }, call: 1, ret: null, result: null },
      { client: 'c2', id: 1, command: { op: 'get', key: 'x' }, call: 1, ret: 2, result: { op: 'get', value: null } },
    ];
    expect(validateHistory(ok)).toEqual([]);
    expect(() => assertValidHistory(ok)).not.toThrow();
  });

  test('each problem named, with the operation', () => {
    const bad: History = [
      { client: 'c1', id: 0, command: { op: 'put', key: 'x', value: 'a' }, call: 5, ret: 4, result: { op: 'put' } },
      { client: 'c1', id: 1, command: { op: 'get', key: 'x' }, call: 1, ret: null, result: { op: 'get', value: 'a' } },
      { client: 'c1', id: 2, command: { op: 'get', key: 'x' }, call: 1, ret: 3, result: null },
      { client: 'c1', id: 2, command: { op: 'get', key: 'x' }, call: Number.NaN, ret: 3, result: { op: 'put' } },
    ];
    expect(validateHistory(bad)).toEqual([
      'operation 0 (c1#0): returned at 4, before it was called at 5',
      'operation 1 (c1#1): has a result but no return time (an operation without a reply has neither)',
      'operation 2 (c1#2): returned at 3 but has no result',
      'operation 3 (c1#2): another operation has the same client and id',
      'operation 3 (c1#2): call time NaN is not a finite number',
      'operation 3 (c1#2): a get command with a put result',
    ]);
    expect(() => assertValidHistory(bad)).toThrow(/invalid history:\n {2}operation 0/);
  });
});

describe('HistoryRecorder', () => {
  test('records calls and replies; operations never completed stay pending', () => {
    const rec = new HistoryRecorder();
    const a = rec.invoke('c1', { op: 'put', key: 'x', value: 'a' }, 0);
    const b = rec.invoke('c2', { op: 'get', key: 'x' }, 1);
    const c = rec.invoke('c1', { op: 'get', key: 'x' }, 2);
    expect([a, b, c]).toEqual([0, 0, 1]);
    rec.complete('c2', b, { op: 'get', value: 'a' }, 3);
    rec.complete('c1', a, { op: 'put' }, 4);
    const h = rec.history();
    expect(h.map(formatOperation)).toEqual(['c1#0 put("x", "a") -> ok  [0, 4]', 'c2#0 get("x") -> "a"  [1, 3]', 'c1#1 get("x") -> ?  [2, no reply]']);
    expect(validateHistory(h)).toEqual([]);
  });

  test('refuses a reply to nothing, a second reply, a mismatched result or a return before the call', () => {
    const rec = new HistoryRecorder();
    const a = rec.invoke('c1', { op: 'put', key: 'x', value: 'a' }, 5);
    expect(() => rec.complete('c1', a, { op: 'get', value: null }, 6)).toThrow(/a get result for a put command/);
    expect(() => rec.complete('c1', a, { op: 'put' }, 4)).toThrow(/before the call time/);
    expect(() => rec.complete('c9', a, { op: 'put' }, 6)).toThrow(/no such operation/);
    rec.complete('c1', a, { op: 'put' }, 6);
    expect(() => rec.complete('c1', a, { op: 'put' }, 7)).toThrow(/already completed/);
  });
});
