// Every small proof model passes on the embedded engine with its pinned
// distinct-state count: Inv is inductive and implies the safety properties
// on every state of its bounds (Paxos: Agreement, Validity; MultiPaxos:
// SlotAgreement and the rest), or holds on every reachable state; Basic
// Paxos refines Consensus, Multi-Paxos a log.
// A moved count fails, as for spec/models (the engine can lose states
// silently, and a lost initial state would be a hole in the check).
import { describe, expect, test } from 'vitest';
import { listProofModels } from './proof-models.ts';
import { checkProofModel } from './proof-models.ts';

const models = listProofModels();

describe('every proof model', () => {
  test.each(models.map((m) => [m.name, m] as const))('%s pins its count and says what it checks', (_, m) => {
    expect(m.expected.distinct, `${m.cfgFile}: expected distinct states`).toBeGreaterThan(0);
    expect(['inductive', 'invariant', 'refinement']).toContain(m.checks);
    expect(m.summary.length).toBeGreaterThan(0);
  });

  // The safety properties each module's Inv must imply, checked with it.
  const safety: Record<string, string[]> = {
    PaxosInductive: ['Agreement', 'Validity'],
    MultiPaxosInductive: ['SlotAgreement', 'DecidedIsChosen', 'LogPrefix', 'AppliedWasRequested', 'NoDoubleExecution', 'Linearizable'],
  };

  test('an inductiveness model checks Inv from IInit (or IInitLoose) with Next, and its safety properties too', () => {
    const inductive = models.filter((x) => x.checks === 'inductive');
    expect(new Set(inductive.map((m) => m.module))).toEqual(new Set(Object.keys(safety)));
    for (const m of inductive) {
      expect(m.config.init).toMatch(/^IInit(Loose)?$/);
      expect(m.config.next).toBe('Next');
      expect(m.config.invariants).toEqual(['Inv', ...safety[m.module]!]);
    }
  });

  test("an invariant model checks Inv and the safety properties on the spec's own reachable states", () => {
    const reachable = models.filter((x) => x.checks === 'invariant');
    expect(reachable.length).toBeGreaterThan(0);
    for (const m of reachable) {
      expect(m.config.init).toBe('Init');
      expect(m.config.next).toBe('Next');
      expect(m.config.invariants).toEqual(['Inv', ...safety[m.module]!]);
    }
  });

  test("IInit's shortcuts drop no state: each IInitLoose model pins the count of its IInit twin", () => {
    const loose = models.filter((m) => m.config.init === 'IInitLoose');
    expect(loose.length).toBeGreaterThan(0);
    for (const m of loose) {
      const twin = models.find((t) => t.name === m.name.replace(/-loose$/, ''));
      expect(twin?.config.init).toBe('IInit');
      expect(twin?.expected.distinct).toBe(m.expected.distinct);
    }
  });
});

describe.each(models.filter((m) => m.tier === 'small').map((m) => [m.name, m] as const))('small proof model %s', (_, model) => {
  test('passes on the embedded engine with its pinned count', async () => {
    const report = await checkProofModel(model);
    expect(report.error).toBeUndefined();
    expect(report.violation?.property).toBeUndefined();
    expect(report.outcome).toBe('ok');
    expect(report.pinProblems).toEqual([]);
    expect(report.distinct).toBe(model.expected.distinct);
  });
});
