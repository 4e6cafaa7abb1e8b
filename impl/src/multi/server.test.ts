import { describe, expect, it } from 'vitest';
import { TestCluster } from './test-cluster.ts';

describe('Multi-Paxos server', () => {
  it('elects a leader, commits a put and a get, and every replica applies them', () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    expect(t.server('s0').leader.phase).toBe('p2');
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: '1' } });
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
    t.deliverAll();
    expect(t.completed.map((c) => c.result)).toEqual([{ op: 'put' }, { op: 'get', value: '1' }]);
    for (const id of ['s0', 's1', 's2']) {
      expect(t.server(id).replica.applied).toBe(2);
      expect(t.server(id).replica.kv.get('x')).toBe('1');
    }
    const actions = t.lines.map((l) => l.action);
    expect(actions.filter((a) => a === 'Decide')).toHaveLength(6);
    expect(actions.filter((a) => a === 'ApplyExecute')).toHaveLength(6);
  });

  it('a new leader re-proposes the value a quorum voted for, and fills gaps with no-ops', () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    // Deliver the request and the 2a, but lose every 2b: nobody decides.
    t.deliverAll(100_000, (m) => m.msg.type !== '2b');
    expect(t.server('s1').replica.decided.has(1)).toBe(false);
    t.fire('s1', 'election');
    t.deliverAll();
    expect(t.server('s1').leader.phase).toBe('p2');
    expect(t.server('s0').leader.phase).toBe('idle');
    for (const id of ['s0', 's1', 's2']) expect(t.server(id).replica.decided.get(1)?.entry).toMatchObject({ kind: 'request', client: 'c1', id: 1 });
  });

  it('a crashed leader comes back from its disk: votes, decisions and the applied prefix survive, leading does not', () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
    t.deliverAll();
    const before = t.server('s0');
    t.crash('s0');
    const after = t.server('s0');
    expect(after.leader.phase).toBe('idle');
    expect(after.leader.lBal).toBe(before.leader.lBal);
    expect(after.replica.applied).toBe(1);
    expect(after.replica.kv.get('x')).toBe('a');
    expect(after.acceptor.votes.get(1)).toEqual(before.acceptor.votes.get(1));
    expect(t.lines.at(-1)).toMatchObject({ action: 'Abandon', vars: { lPhase: { '0': 'idle' } } });
  });
});
