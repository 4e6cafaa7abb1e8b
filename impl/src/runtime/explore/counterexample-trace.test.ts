// The explorer's counterexamples as traces: the shortest path to a seeded
// bug, written in the trace format, is rejected by the trace checker at the
// step that breaks the spec; a path of the correct reducers passes.
import { describe, expect, test } from 'vitest';
import { checkTrace } from '../../../../trace-check/src/check.ts';
import { parseTrace } from '../../../../trace-check/src/format.ts';
import { DEFAULT_EXPLORE, exploreOptions } from './config-file.ts';
import { counterexampleTrace } from './counterexample-trace.ts';
import { Explorer } from './explorer.ts';

const small = { ...DEFAULT_EXPLORE, acceptors: 2 };

describe('explorer counterexamples as traces', () => {
  test('the path to an acceptor voting below its promise fails trace-check at that vote', async () => {
    const explorer = new Explorer(exploreOptions(DEFAULT_EXPLORE, { acceptBelowPromise: true }));
    const r = explorer.run();
    const { path, states } = r.violation!;
    const lines = counterexampleTrace(explorer, path, states, { bug: 'accept-below-promise' });
    const report = await checkTrace(parseTrace('cex.ndjson', `${lines.join('\n')}\n`));
    const f = report.failure?.failure;
    expect(f?.kind).toBe('not-a-step');
    if (f?.kind !== 'not-a-step') return;
    expect(f.step.action).toBe('Phase2b');
    expect(report.failure?.diagnosis.headline).toMatch(/Phase2b\("a\d", 0, "x"\) is not enabled: conjunct 2 of Phase2b/);
    expect(report.failure?.diagnosis.details.join('\n')).toMatch(/where b = 0, maxBal\[a\] = 1/);
  });

  test('a path of the correct reducers passes, with no hidden steps', async () => {
    const explorer = new Explorer(exploreOptions(small));
    const r = explorer.run();
    expect(r.violation).toBeUndefined();
    // The last state found lies on a longest shortest path: every kind of step is on it.
    const path = explorer.pathTo(r.distinct - 1);
    const lines = counterexampleTrace(explorer, path, explorer.replay(path), {});
    const report = await checkTrace(parseTrace('path.ndjson', `${lines.join('\n')}\n`));
    expect(report.failure).toBeUndefined();
    expect(report.checked).toBe(report.steps);
    expect(report.steps).toBeGreaterThanOrEqual(path.length);
    expect(report.hidden).toEqual([]);
  });
});
