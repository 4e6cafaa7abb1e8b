// Phase 1 from the first slot not applied (spec Msg1a(b, from), VotesFrom,
// BecomeLeader and Propose above applied[s]): what each role sends, and
// that the lines are steps of spec/MultiPaxos.tla.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../trace-check/src/check.ts';
import { parseTrace } from '../../../trace-check/src/format.ts';
import type { Message, NodeId } from './messages.ts';
import { TestCluster } from './test-cluster.ts';
import { multiTraceText } from './trace-file.ts';

const workload = { clients: ['c1', 'c2'], keys: ['x'], vals: ['a', 'b'] };

async function check(t: TestCluster) {
  return checkTrace(parseTrace('cluster.ndjson', multiTraceText(t.config, workload, t.lines)));
}

type Sent = { from: NodeId; to: NodeId; msg: Message };
const ofType =
  <T extends Message['type']>(type: T) =>
  (m: Sent): m is Sent & { msg: Extract<Message, { type: T }> } =>
    m.msg.type === type;

describe('phase 1 from the first slot not applied', () => {
  it('the 1a asks from applied + 1; promises report only those slots; the new leader re-proposes only there', async () => {
    const t = new TestCluster({ clients: ['c1', 'c2'] });
    t.fire('s0', 'election');
    t.deliverAll();
    for (const value of ['a', 'b']) {
      t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value } });
      t.deliverAll();
    }
    // Slot 3 is voted for by every acceptor, but nobody learns it.
    t.stepClient('c2', { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
    t.deliverAll(100_000, (m) => m.msg.type !== '2b');
    expect(t.server('s1').replica.applied).toBe(2);
    const mark = t.sentLog.length;
    t.fire('s1', 'election');
    t.deliverAll();
    const sent = t.sentLog.slice(mark);
    expect(sent.filter(ofType('1a')).map((m) => m.msg.from)).toEqual([3, 3, 3]);
    const reported = sent.filter(ofType('1b')).flatMap((m) => m.msg.votes.map((v) => v.slot));
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((slot) => slot === 3)).toBe(true);
    const reproposed = sent.filter(ofType('2a')).filter((m) => m.from === 's1');
    expect(reproposed.map((m) => [m.msg.first, m.msg.entries.length])).toEqual([
      [3, 1],
      [3, 1],
      [3, 1],
    ]);
    for (const id of ['s0', 's1', 's2']) expect(t.server(id).replica.applied).toBe(3);
    const report = await check(t);
    expect(report.failure?.diagnosis).toBeUndefined();
    expect(report.steps).toBe(t.lines.length);
  }, 120_000);

  it('a 1a sent again is the same message, and slots applied since are not re-proposed though promises report them', async () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    // s1 misses slot 1 altogether; s0 and s2 decide it.
    t.deliverAll(100_000, (m) => m.to !== 's1');
    expect(t.server('s1').replica.applied).toBe(0);
    t.fire('s1', 'election');
    // The first 1a (from 1) is lost; s1 then learns slot 1 and applies it.
    t.deliverAll(100_000, () => false);
    const decision = t.server('s0').replica.decided.get(1)!;
    t.stepServer('s1', { kind: 'receive', from: 's0', msg: { type: 'decided', first: 1, decisions: [decision] } });
    expect(t.server('s1').replica.applied).toBe(1);
    const mark = t.sentLog.length;
    t.fire('s1', 'heartbeat');
    t.deliverAll();
    const sent = t.sentLog.slice(mark);
    expect(sent.filter(ofType('1a')).map((m) => m.msg.from)).toEqual([1, 1, 1]);
    expect(sent.filter(ofType('1b')).some((m) => m.msg.votes.some((v) => v.slot === 1))).toBe(true);
    expect(t.server('s1').leader.phase).toBe('p2');
    expect(sent.filter(ofType('2a')).filter((m) => m.from === 's1' && m.msg.first <= 1)).toEqual([]);
    const report = await check(t);
    expect(report.failure?.diagnosis).toBeUndefined();
  }, 120_000);

  it('a stale leader that learnt slots decided in a higher ballot proposes only above them', async () => {
    const t = new TestCluster({ clients: ['c1', 'c2'] });
    t.fire('s0', 'election');
    t.deliverAll();
    // s1 leads ballot 1 with s2; s0 never hears of it and still leads ballot 0.
    t.fire('s1', 'election');
    t.deliverAll(100_000, (m) => m.to !== 's0');
    expect(t.server('s0').leader.phase).toBe('p2');
    // c1's request reaches s1 only (its copy to s0 is lost); slot 1 is decided in ballot 1.
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    t.deliverAll(100_000, () => false);
    t.stepClient('c1', { kind: 'timer', timer: 'retry' });
    t.deliverAll(100_000, (m) => m.to !== 's0');
    expect(t.completed).toHaveLength(1);
    // s0 learns slot 1 from s1 (a catch-up answer) and applies it while leading ballot 0.
    t.stepServer('s0', { kind: 'receive', from: 's1', msg: { type: 'decided', first: 1, decisions: [t.server('s1').replica.decided.get(1)!] } });
    expect(t.server('s0').replica.applied).toBe(1);
    expect(t.server('s0').leader.phase).toBe('p2');
    // c2 asks s0, which proposes in slot 2: slot 1 is applied here, no longer its to propose in.
    t.stepClient('c2', { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
    t.deliverAll();
    expect(t.lines.filter((l) => l.node === 's0' && l.action === 'Propose').map((l) => l.params['i'])).toEqual([2]);
    const report = await check(t);
    expect(report.failure?.diagnosis).toBeUndefined();
    expect(report.steps).toBe(t.lines.length);
  }, 120_000);
});
