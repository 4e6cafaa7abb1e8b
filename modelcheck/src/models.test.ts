// The pinned models: every small model passes on the embedded engine with
// exactly the distinct-state count and depth written in its header.  This is
// the guard against the embedded engine losing transitions silently: a spec
// change that moves a count fails here until the pin is updated on purpose.
import { describe, expect, test } from 'vitest';
import { listModels, type Model } from './models.ts';
import { checkModel } from './check-model.ts';
import { checkQuorumRule } from './quorums.ts';

const models = listModels();

describe('every model', () => {
  test.each(models.map((m) => [m.name, m] as const))('%s pins its figures and states its quorum rule', (_, m) => {
    expect(m.expected.distinct, `${m.cfgFile}: expected distinct states`).toBeGreaterThan(0);
    expect(m.expected.depth, `${m.cfgFile}: expected depth`).toBeGreaterThan(0);
    expect(m.summary.length).toBeGreaterThan(0);
    expect(m.quorumRule, `${m.cfgFile}: quorums`).toBeDefined();
    expect(checkQuorumRule(m.quorumRule!, m.config.constants)).toEqual([]);
  });

  test('CI has at least one small model with 3 acceptors, 2 values and 2 proposers', () => {
    const size = (m: Model, name: string) => {
      const v = m.config.constants.get(name);
      return v?.kind === 'set' ? v.elements.length : v?.kind === 'int' ? v.value : 0;
    };
    const ci = models.filter((m) => m.tier === 'small' && size(m, 'Acceptors') >= 3 && size(m, 'Values') >= 2 && size(m, 'NumProposers') >= 2);
    expect(ci.map((m) => m.name)).toContain('Paxos.small');
  });
});

describe.each(models.filter((m) => m.tier === 'small').map((m) => [m.name, m] as const))('small model %s', (_, model) => {
  test('passes on the embedded engine with its pinned counts', async () => {
    const report = await checkModel(model, 'embedded');
    expect(report.error).toBeUndefined();
    expect(report.outcome).toBe('ok');
    expect(report.pinProblems).toEqual([]);
    expect(report.distinct).toBe(model.expected.distinct);
    expect(report.depth).toEqual({ value: model.expected.depth, exact: true });
  });
});
