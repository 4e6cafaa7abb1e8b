// One key for a spec state from either side: the implementation's spec
// state, and the model checker's printed one, equal exactly when equal as
// TLA+ values.
import { describe, expect, test } from 'vitest';
import { parseTlaValue } from '../../../../modelcheck/src/tla-value.ts';
import { specState } from '../../basic/spec-view.ts';
import { Explorer } from './explorer.ts';
import { DEFAULT_EXPLORE, exploreOptions } from './config-file.ts';
import { specStateKey, specVars, valueKey } from './spec-key.ts';

describe('valueKey', () => {
  test('a record equals the function with the same string domain; a tuple the function on 1..n; sets ignore order', () => {
    expect(valueKey(parseTlaValue('[a1 |-> -1, a2 |-> 0]'))).toBe(valueKey(parseTlaValue('("a2" :> 0 @@ "a1" :> -1)')));
    expect(valueKey(parseTlaValue('<<"x", "y">>'))).toBe(valueKey(parseTlaValue('(2 :> "y" @@ 1 :> "x")')));
    expect(valueKey(parseTlaValue('{[type |-> "1a", bal |-> 0], [bal |-> 1, type |-> "1a"]}'))).toBe(valueKey(parseTlaValue('{[bal |-> 1, type |-> "1a"], [bal |-> 0, type |-> "1a"]}')));
    expect(valueKey(parseTlaValue('[a1 |-> None]'))).not.toBe(valueKey(parseTlaValue('[a1 |-> "None"]')));
    expect(valueKey(parseTlaValue('(0 :> -1)'))).not.toBe(valueKey(parseTlaValue('("0" :> -1)')));
  });
});

describe('specStateKey', () => {
  test("the implementation's initial state has the key of the spec's Init as the engine prints it", () => {
    const o = exploreOptions(DEFAULT_EXPLORE);
    const explorer = new Explorer(o);
    const s = explorer.initial();
    const impl = specStateKey(specVars(specState(o.config, s.nodes, explorer.specMessages(s))));
    // s0 of the engine's DOT export for this configuration.
    const printed = new Map(
      Object.entries({
        msgs: '{}',
        maxBal: '[a1 |-> -1, a2 |-> -1, a3 |-> -1]',
        maxVBal: '[a1 |-> -1, a2 |-> -1, a3 |-> -1]',
        maxVal: '[a1 |-> None, a2 |-> None, a3 |-> None]',
        pBal: '(0 :> -1 @@ 1 :> -1)',
        pPreparing: '(0 :> false @@ 1 :> false)',
        learned: '[l1 |-> None]',
      }).map(([k, v]) => [k, parseTlaValue(v)]),
    );
    expect(impl).toBe(specStateKey(printed));
  });

  test('a state with a variable missing or extra is an error, not a different key', () => {
    expect(() => specStateKey(new Map([['msgs', parseTlaValue('{}')]]))).toThrow(/variables msgs, maxBal/);
  });
});
