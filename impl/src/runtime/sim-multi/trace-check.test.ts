// A short faulty simulator run, checked against spec/MultiPaxos.tla by the
// trace checker: every line the simulator writes is a step of the spec.
// Kept to a few hundred lines: the engine's cost grows with the run.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../../trace-check/src/check.ts';
import { parseTrace } from '../../../../trace-check/src/format.ts';
import { parseFaults } from '../sim/faults.ts';
import { simulateMultiToTrace } from './trace.ts';

describe('Multi-Paxos simulator traces against the spec', () => {
  it('a run with loss, duplication, crashes and a partition passes trace-check', async () => {
    const { text, result } = simulateMultiToTrace({ seed: 4, steps: 260, faults: parseFaults('loss=0.1,dup=0.1,crash=0.02,partition=0.02'), clients: 2, window: 4, maxBatch: 4 });
    expect(result.violation).toBeUndefined();
    expect(result.committed).toBeGreaterThan(0);
    expect(result.faults.crashes + result.faults.partitions).toBeGreaterThan(0);
    const report = await checkTrace(parseTrace('sim.ndjson', text));
    expect(report.failure?.diagnosis.headline).toBeUndefined();
    expect(report.checked).toBe(report.steps);
    expect(report.actions.get('Decide')).toBeGreaterThan(0);
    expect(report.events).toBeGreaterThan(0);
  }, 240_000);
});
