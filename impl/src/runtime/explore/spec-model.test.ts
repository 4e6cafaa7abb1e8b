// The spec model of an explorer configuration: constants as TLA+ strings,
// Quorums by the configuration's own quorum rule.
import { describe, expect, test } from 'vitest';
import { DEFAULT_EXPLORE, exploreOptions } from './config-file.ts';
import { quorumSets } from '../../basic/spec-view.ts';
import { specModelCfg } from './spec-model.ts';

describe('specModelCfg', () => {
  test('the default configuration gives the constants of Paxos.small, with names as strings', () => {
    const cfg = specModelCfg(exploreOptions(DEFAULT_EXPLORE));
    expect(cfg).toContain('    Values = {"x", "y"}\n    Acceptors = {"a1", "a2", "a3"}\n');
    expect(cfg).toContain('    Quorums = {{"a1", "a2"}, {"a1", "a3"}, {"a2", "a3"}, {"a1", "a2", "a3"}}\n');
    expect(cfg).toContain('    NumProposers = 2\n    Learners = {"l1"}\n    MaxBallot = 1\n    None = None\n');
    expect(cfg).toMatch(/INIT Init\nNEXT Next\nINVARIANT TypeOK\nCHECK_DEADLOCK FALSE\n$/);
  });

  test('weighted quorums are every set holding more than half the weight', () => {
    const { config } = exploreOptions({ ...DEFAULT_EXPLORE, weights: [2, 1, 1] });
    expect(quorumSets(config)).toEqual([['a1', 'a2'], ['a1', 'a3'], ['a1', 'a2', 'a3']]);
  });

  test('a value the cfg could only write with escapes is refused', () => {
    expect(() => specModelCfg(exploreOptions({ ...DEFAULT_EXPLORE, values: ['x', 'say "y"'] }))).toThrow(/without quotes/);
  });
});
