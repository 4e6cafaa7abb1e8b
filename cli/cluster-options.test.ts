import { describe, expect, test } from 'vitest';
import { bugsFromNames, clusterConfig } from './cluster-options.ts';
import { BUG_CATALOGUE } from '../impl/src/basic/bugs.ts';

describe('--bug', () => {
  test('every catalogued bug can be switched on by its flag', () => {
    const bugs = bugsFromNames(BUG_CATALOGUE.map((b) => b.flag));
    expect(Object.keys(bugs).sort()).toEqual(BUG_CATALOGUE.map((b) => b.name).sort());
    expect(Object.values(bugs).every((on) => on === true)).toBe(true);
    expect(clusterConfig({ bug: ['learner-minority'] }, { servers: 3 }).bugs).toEqual({ learnerMinority: true });
  });

  test('no bug by default', () => {
    expect(clusterConfig({}, { servers: 3 }).bugs).toEqual({});
  });

  test('an unknown name is refused, listing the known ones', () => {
    const known = BUG_CATALOGUE.map((b) => b.flag).join(', ');
    expect(() => bugsFromNames(['learnerMinority'])).toThrow(`--bug: unknown bug 'learnerMinority' (known: ${known})`);
    // Not fooled by names every object has.
    expect(() => bugsFromNames(['constructor'])).toThrow(/unknown bug 'constructor'/);
  });
});
