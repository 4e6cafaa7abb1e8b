// A model checker is only trusted if it can fail.  Each seeded bug must be
// rejected with a counterexample to the property it breaks, and the
// counterexample must be genuine: every step a step of the mutant spec
// (the replay named its action), the property true before the last step and
// false after it.  (That the same models pass without the bugs is
// models.test.ts.)  The mutants run concurrently: each engine call has its
// own Worker thread.
import { describe, expect, test } from 'vitest';
import { allMutants, paxosMutants, mutantSources } from './mutants.ts';
import { checkModel } from './check-model.ts';
import { loadEngine } from './embedded/wasm.ts';

function holds(spec: string, cfg: string, state: unknown, property: string): boolean {
  const r = JSON.parse(loadEngine().explore_eval(spec, cfg, '{}', JSON.stringify(state), property)) as { ok: boolean; json?: unknown; error?: string };
  if (!r.ok) throw new Error(r.error);
  return r.json === true;
}

describe.concurrent('seeded spec bugs', () => {
  test.each(allMutants.map((m) => [m.name, m.violates, m] as const))('%s is rejected with a counterexample to %s', async (_, __, mutant) => {
    const { model, spec, cfg } = mutantSources(mutant);
    const report = await checkModel(model, 'embedded', { specSource: spec, cfgSource: cfg, ignorePins: true });
    expect(report.error).toBeUndefined();
    expect(report.outcome).toBe('violation');
    expect(report.violation!.property).toBe(mutant.violates);
    const states = report.violation!.states;
    expect(states.length).toBeGreaterThan(1);
    expect(states.every((s) => s.action !== undefined && s.json !== undefined)).toBe(true);
    expect(holds(spec, cfg, states.at(-2)!.json, mutant.violates)).toBe(true);
    expect(holds(spec, cfg, states.at(-1)!.json, mutant.violates)).toBe(false);
  });
});

test('a mutant whose edit no longer matches the spec fails loudly', () => {
  const stale = { ...paxosMutants[0]!, specEdits: [{ find: 'no such text', replace: '' }] };
  expect(() => mutantSources(stale)).toThrow(/is stale: its edit of .*Paxos\.tla matches 0 times/);
});
