import { describe, expect, it } from 'vitest';
import type { Message } from './messages.ts';
import { serverStep } from './server.ts';
import { TestCluster } from './test-cluster.ts';

describe('Multi-Paxos server', () => {
  // Requests a runtime read together are proposed together: one by one, the
  // first of them went alone whenever nothing was in flight and the rest
  // waited a round trip for it (at 64 clients, 10,000 writes/s before,
  // 13,600 after: bench/RESULTS.md).
  it('requests delivered together go out in one 2a; the same requests one by one go out as a batch of one and a queue', () => {
    const t = new TestCluster();
    t.fire('s0', 'election');
    t.deliverAll();
    const leader = t.server('s0');
    const requests = [1, 2, 3].map((k) => ({ from: `c${k}`, msg: { type: 'request', client: `c${k}`, id: 1, cmd: { op: 'put', key: 'x', value: `${k}` } } as const }));
    const twoAs = (outputs: readonly { kind: string; msg?: Message; to?: string }[]) => outputs.filter((o) => o.kind === 'send' && o.to === 's1' && o.msg?.type === '2a').map((o) => (o.msg as Extract<Message, { type: '2a' }>).entries.length);
    const together = serverStep(t.config, leader, { kind: 'requests', requests });
    expect(twoAs(together.outputs)).toEqual([3]);
    expect(together.parts.map((p) => p.action.action)).toEqual(['Propose', 'Propose', 'Propose']);
    let s = leader;
    const sizes: number[] = [];
    for (const { from, msg } of requests) {
      const step = serverStep(t.config, s, { kind: 'receive', from, msg });
      sizes.push(...twoAs(step.outputs));
      s = step.state;
    }
    expect(sizes).toEqual([1]);
    expect(s.leader.queue).toHaveLength(2);
  });

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

describe('batching and the window', () => {
  it('requests that arrive while a proposal is undecided go out together, in one 2a per run of slots', () => {
    const clients = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const t = new TestCluster({ clients, maxBatch: 4, window: 8 });
    t.fire('s0', 'election');
    t.deliverAll();
    for (const c of clients) t.stepClient(c, { kind: 'invoke', cmd: { op: 'put', key: c, value: 'v' } });
    t.deliverAll();
    expect(t.completed).toHaveLength(5);
    const proposals = t.lines.filter((l) => l.action === 'Propose').length;
    expect(proposals).toBe(5);
    // c1 alone (nothing in flight), then c2..c5 as one batch of four.
    const sizes = t.sentLog.flatMap((m) => (m.from === 's0' && m.to === 's1' && m.msg.type === '2a' ? [m.msg.entries.length] : []));
    expect(sizes).toEqual([1, 4]);
  });

  it('a leader never proposes past applied + window', () => {
    const clients = ['c1', 'c2', 'c3'];
    const t = new TestCluster({ clients, maxBatch: 1, window: 1 });
    t.fire('s0', 'election');
    t.deliverAll();
    for (const c of clients) t.stepClient(c, { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
    // Requests reach s0 but no vote comes back: only slot 1 may be proposed.
    t.deliverAll(100_000, (m) => m.msg.type !== '2b');
    expect([...t.server('s0').leader.proposals.entries()].map(([i]) => i)).toEqual([1]);
    expect(t.server('s0').leader.queue).toHaveLength(2);
  });
});
