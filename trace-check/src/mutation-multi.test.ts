// The kill rate of the trace checker on the Multi-Paxos mutation catalogue:
// every seeded bug must fire in a simulated run under faults and be caught,
// at a line and for a reason the report gives; the unmutated runs of the
// same seeds must pass.
import { afterAll, describe, expect, it } from 'vitest';
import { MULTI_BUG_CATALOGUE } from '../../impl/src/multi/bugs.ts';
import { DEFAULT_MULTI_MUTATION, runMultiControl, runMultiMutant, type MultiMutantResult } from './mutation-multi.ts';

const results: MultiMutantResult[] = [];

describe('the Multi-Paxos mutation catalogue against the trace checker', () => {
  it.each(MULTI_BUG_CATALOGUE.map((b) => [b.name, b] as const))('catches %s', async (_name, bug) => {
    const r = await runMultiMutant(bug, DEFAULT_MULTI_MUTATION);
    results.push(r);
    expect(r.fired, `${bug.name} never fired in ${r.seedsTried} runs`).toBeGreaterThan(0);
    expect(r.seed, `${bug.name} fired in ${r.fired} runs but was not caught`).not.toBeNull();
    const f = r.report!.failure!;
    // The checker fails at or after the first line where the bug changed the run.
    expect(f.failure.line).toBeGreaterThanOrEqual(r.divergedAt!);
    expect(f.diagnosis.headline).toMatch(/not enabled|not a step|not the one the spec reaches|not the state before it|never sent/);
  });

  it('passes the same runs without a bug', async () => {
    const seeds = [...new Set(results.map((r) => r.seed).filter((s): s is number => s !== null))];
    expect(seeds.length).toBeGreaterThan(0);
    for (const { seed, report } of await runMultiControl(seeds, DEFAULT_MULTI_MUTATION)) {
      expect(report.failure?.diagnosis.headline, `seed ${seed}`).toBeUndefined();
      expect(report.checked).toBe(report.steps);
    }
  });

  afterAll(() => {
    const rows = results.map((r) => {
      const f = r.report?.failure;
      return `  ${r.bug.name.padEnd(26)} ${r.seed === null ? 'NOT CAUGHT' : `seed ${r.seed}, line ${f?.failure.line}: ${f?.diagnosis.headline}`}`;
    });
    console.log(`Multi-Paxos trace-check kill rate: ${results.filter((r) => r.seed !== null).length}/${MULTI_BUG_CATALOGUE.length}\n${rows.join('\n')}`);
  });
});
