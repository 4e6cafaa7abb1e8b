// The reducers' own lines, checked against spec/MultiPaxos.tla by the trace
// checker: the refinement mapping and the per-action split are right.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../trace-check/src/check.ts';
import { parseTrace } from '../../../trace-check/src/format.ts';
import { TestCluster } from './test-cluster.ts';
import { multiTraceText } from './trace-file.ts';

const workload = { clients: ['c1'], keys: ['x'], vals: ['a', 'b'] };

async function check(t: TestCluster) {
  const text = multiTraceText(t.config, workload, t.lines);
  return checkTrace(parseTrace('cluster.ndjson', text));
}

describe('Multi-Paxos server lines against the spec', () => {
  it('a leader change with a lost vote, a crash and a retry: every line is a spec step', async () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    t.deliverAll(100_000, (m) => m.msg.type !== '2b');
    t.crash('s0');
    t.fire('s1', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
    t.deliverAll();
    expect(t.completed.map((c) => c.result)).toEqual([{ op: 'put' }, { op: 'get', value: 'a' }]);
    const report = await check(t);
    expect(report.failure?.diagnosis).toBeUndefined();
    expect(report.steps).toBe(t.lines.length);
    expect(report.actions.get('BecomeLeader')).toBe(2);
    expect(report.actions.get('Abandon')).toBe(1);
  }, 120_000);

  it('the replicaAppliesOutOfOrder bug is caught at the line that applies past a gap', async () => {
    const t = new TestCluster({ bugs: { replicaAppliesOutOfOrder: true } });
    t.fire('s0', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    // s2 misses the notice that slot 1 was chosen, then learns slot 2.
    t.deliverAll(100_000, (m) => !(m.to === 's2' && m.msg.type === 'chosen'));
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'b' } });
    t.deliverAll();
    const bad = t.lines.findIndex((l) => l.node === 's2' && l.action.startsWith('Apply'));
    expect(bad).toBeGreaterThan(0);
    const report = await check(t);
    expect(report.failure?.failure.line).toBe(bad + 2);
  }, 120_000);
});
