import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonical, diffValues, parseTlaValue, showTla, type TlaValue } from './tla-value.ts';

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/).filter((s) => s !== 'true' && s !== 'false');
const tlaValue: fc.Arbitrary<TlaValue> = fc.letrec<{ v: TlaValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -50, max: 50 }).map((value) => ({ kind: 'int' as const, value })),
    fc.string({ maxLength: 5 }).map((value) => ({ kind: 'string' as const, value })),
    fc.boolean().map((value) => ({ kind: 'bool' as const, value })),
    name.map((n) => ({ kind: 'model' as const, name: n })),
    fc.array(tie('v'), { maxLength: 3 }).map((elements) => ({ kind: 'set' as const, elements })),
    fc.array(tie('v'), { maxLength: 3 }).map((elements) => ({ kind: 'tuple' as const, elements })),
    fc.uniqueArray(fc.tuple(name, tie('v')), { minLength: 1, maxLength: 3, selector: ([k]) => k })
      .map((fields) => ({ kind: 'record' as const, fields })),
    fc.array(fc.tuple(tie('v'), tie('v')), { minLength: 1, maxLength: 3 }).map((pairs) => ({ kind: 'function' as const, pairs })),
  ),
})).v;

describe('TLA+ values as the engines print them', () => {
  test('printing then parsing gives the same value', () => {
    fc.assert(fc.property(tlaValue, (v) => canonical(parseTlaValue(showTla(v))) === canonical(v)));
  });

  test('reads the embedded engine spelling of booleans and functions', () => {
    const v = parseTlaValue('(0 :> false @@ 1 :> true)');
    expect(showTla(v)).toBe('(0 :> FALSE @@ 1 :> TRUE)');
  });

  test('canonical form ignores set order and field order', () => {
    expect(canonical(parseTlaValue('{[b |-> 1, a |-> 2], 3}'))).toBe(canonical(parseTlaValue('{3, [a |-> 2, b |-> 1]}')));
  });

  test('messages print with their type first', () => {
    expect(showTla(parseTlaValue('[bal |-> 0, type |-> "1a"]'))).toBe('[type |-> "1a", bal |-> 0]');
  });

  test('a set diff names the added and removed elements', () => {
    const d = diffValues(parseTlaValue('{1, 2}'), parseTlaValue('{2, 3}'));
    expect(d).toEqual({ kind: 'set', added: [{ kind: 'int', value: 3 }], removed: [{ kind: 'int', value: 1 }] });
  });

  test('a function diff names the entries that moved', () => {
    const d = diffValues(parseTlaValue('(a1 :> -1 @@ a2 :> -1)'), parseTlaValue('(a1 :> -1 @@ a2 :> 0)'));
    expect(d).toEqual({ kind: 'entries', changed: [{ key: 'a2', before: { kind: 'int', value: -1 }, after: { kind: 'int', value: 0 } }] });
  });

  test('an unchanged value has no diff', () => {
    expect(diffValues(parseTlaValue('{1, 2}'), parseTlaValue('{2, 1}'))).toBeNull();
  });

  test('rejects text that is not a value', () => {
    expect(() => parseTlaValue('{1, 2')).toThrow(/expected '}'/);
    expect(() => parseTlaValue('1 2')).toThrow(/unexpected text/);
  });
});
