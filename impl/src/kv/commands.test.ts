import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyCommand, applyToRegister, emptyKvState, formatCommand, type KvCommand, type KvState } from './commands.ts';

const command: fc.Arbitrary<KvCommand> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key: fc.constantFrom('x', 'y', 'z'), value: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constant('get' as const), key: fc.constantFrom('x', 'y', 'z') }),
);

describe('applyCommand', () => {
  test('get of an unset key is null; put then get returns the value; keys are separate', () => {
    let s: KvState = emptyKvState;
    expect(applyCommand(s, { op: 'get', key: 'x' }).result).toEqual({ op: 'get', value: null });
    s = applyCommand(s, { op: 'put', key: 'x', value: 'a' }).state;
    s = applyCommand(s, { op: 'put', key: 'y', value: 'b' }).state;
    expect(applyCommand(s, { op: 'get', key: 'x' }).result).toEqual({ op: 'get', value: 'a' });
    expect(applyCommand(s, { op: 'put', key: 'x', value: 'c' }).result).toEqual({ op: 'put' });
    expect([...s]).toEqual([
      ['x', 'a'],
      ['y', 'b'],
    ]);
  });

  test('pure: the input state is never modified, and a get returns it unchanged', () => {
    fc.assert(
      fc.property(fc.array(command), (cmds) => {
        let s: KvState = emptyKvState;
        for (const cmd of cmds) {
          const before = [...s];
          const r = applyCommand(s, cmd);
          expect([...s]).toEqual(before);
          if (cmd.op === 'get') expect(r.state).toBe(s);
          s = r.state;
        }
      }),
    );
  });

  test('each key is a register of its own: the store is the registers side by side (what lets the checker split by key)', () => {
    fc.assert(
      fc.property(fc.array(command), (cmds) => {
        let s: KvState = emptyKvState;
        const registers = new Map<string, string | null>();
        for (const cmd of cmds) {
          const whole = applyCommand(s, cmd);
          const one = applyToRegister(registers.get(cmd.key) ?? null, cmd);
          expect(whole.result).toEqual(one.result);
          s = whole.state;
          registers.set(cmd.key, one.value);
        }
        for (const [key, value] of registers) expect(s.get(key) ?? null).toBe(value);
      }),
    );
  });

  test('a put shares the rest of the store with the state before it (it once copied the whole store: a cluster slowed down as its store grew)', () => {
    let s: KvState = emptyKvState;
    for (let i = 0; i < 10_000; i++) s = applyCommand(s, { op: 'put', key: `k${i}`, value: 'v' }).state;
    const after = applyCommand(s, { op: 'put', key: 'k1', value: 'w' }).state;
    expect([s.get('k1'), after.get('k1'), after.size]).toEqual(['v', 'w', 10_000]);
    const children = (x: KvState) => (x as unknown as { root: { children: unknown[] } }).root.children;
    expect(children(after).filter((c, i) => c !== children(s)[i])).toHaveLength(1);
  });

  test('formatCommand quotes keys and values', () => {
    expect(formatCommand({ op: 'put', key: 'a b', value: '"' })).toBe('put("a b", "\\"")');
  });
});
