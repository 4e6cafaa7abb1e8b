// The kill rate of the trace checker on the mutation catalogue: every
// seeded bug must be caught from a simulated run under faults, and the same
// runs without a bug must all pass.
import { describe, expect, it } from 'vitest';
import { BUG_CATALOGUE } from '../../impl/src/basic/bugs.ts';
import { DEFAULT_MUTATION, runCatalogue, runControl } from './mutation.ts';

describe('the mutation catalogue against the trace checker', () => {
  it('catches every mutant, saying at which line and why', async () => {
    const results = await runCatalogue(DEFAULT_MUTATION);
    const rows = results.map((r) => {
      const f = r.report?.failure;
      return `${r.bug.flag.padEnd(26)} ${r.seed === null ? 'NOT CAUGHT' : `caught, seed ${r.seed}, line ${f?.failure.line}: ${f?.diagnosis.headline}`}`;
    });
    const killed = results.filter((r) => r.seed !== null).length;
    console.log(`kill rate ${killed}/${results.length}\n${rows.join('\n')}`);
    expect(results.map((r) => r.bug.name)).toEqual(BUG_CATALOGUE.map((b) => b.name));
    for (const r of results) {
      expect(r.seed, `${r.bug.flag} not caught`).not.toBeNull();
      expect(r.report?.failure?.diagnosis.headline).toMatch(/not enabled|not a step|not the one the spec reaches|not the state before it|never sent/);
    }
  });

  it('passes the same runs without a bug', async () => {
    const reports = await runControl(DEFAULT_MUTATION);
    expect(reports).toHaveLength(DEFAULT_MUTATION.seeds.length);
    for (const r of reports) {
      expect(r.failure?.diagnosis.headline).toBeUndefined();
      expect(r.checked).toBe(r.steps);
    }
  });
});
