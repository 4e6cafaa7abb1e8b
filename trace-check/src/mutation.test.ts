// The kill rate of the trace checker on the mutation catalogue: every
// seeded bug must be caught from a simulated run under faults, at a line
// and for a reason the report gives, and the same runs without a bug must
// all pass.
import { afterAll, describe, expect, it } from 'vitest';
import { BUG_CATALOGUE } from '../../impl/src/basic/bugs.ts';
import { DEFAULT_MUTATION, runControl, runMutant, type MutantResult } from './mutation.ts';

const results: MutantResult[] = [];

describe('the mutation catalogue against the trace checker', () => {
  it.each(BUG_CATALOGUE.map((b) => [b.flag, b] as const))('catches %s', async (_flag, bug) => {
    const r = await runMutant(bug, DEFAULT_MUTATION);
    results.push(r);
    expect(r.seed, `${bug.flag} not caught in ${r.seedsTried} runs`).not.toBeNull();
    const f = r.report?.failure;
    expect(f?.failure.line).toBeGreaterThan(1);
    expect(f?.diagnosis.headline).toMatch(/not enabled|not a step|not the one the spec reaches|not the state before it|never sent/);
  });

  it('passes the same runs without a bug', async () => {
    const reports = await runControl(DEFAULT_MUTATION);
    expect(reports).toHaveLength(DEFAULT_MUTATION.seeds.length);
    for (const r of reports) {
      expect(r.failure?.diagnosis.headline).toBeUndefined();
      expect(r.checked).toBe(r.steps);
    }
  });

  afterAll(() => {
    const killed = results.filter((r) => r.seed !== null).length;
    const rows = results.map((r) => {
      const f = r.report?.failure;
      return `  ${r.bug.flag.padEnd(26)} ${r.seed === null ? 'NOT CAUGHT' : `seed ${r.seed}, line ${f?.failure.line}: ${f?.diagnosis.headline}`}`;
    });
    console.log(`trace-check kill rate: ${killed}/${BUG_CATALOGUE.length}\n${rows.join('\n')}`);
  });
});
