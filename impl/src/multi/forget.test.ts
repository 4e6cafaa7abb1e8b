// Forgetting slots every server applied (forget.ts): how far each server
// goes, what it then refuses to touch, what a compaction writes and a
// crash brings back, and that every line stays a step of spec/MultiPaxos.tla.
import { describe, expect, it } from 'vitest';
import { checkTrace } from '../../../trace-check/src/check.ts';
import { parseTrace } from '../../../trace-check/src/format.ts';
import { EMPTY_DISK, foldRecord, recordsOf } from './io.ts';
import type { Message } from './messages.ts';
import { durableOf, recoverServer, serverStep } from './server.ts';
import { serverKey } from '../runtime/explore-multi/state-key.ts';
import { SafetyMonitor } from '../runtime/sim-multi/safety.ts';
import { checkMultiSafety } from '../runtime/explore-multi/safety.ts';
import type { ServerState } from './state.ts';
import { TestCluster } from './test-cluster.ts';
import { multiTraceText } from './trace-file.ts';

const workload = { clients: ['c1'], keys: ['x', 'y'], vals: ['a', 'b', 'c'] };

/** s0 leads and c1's puts are decided and applied everywhere. */
function busyCluster(puts: number): TestCluster {
  const t = new TestCluster();
  t.fire('s0', 'election');
  t.deliverAll();
  for (let k = 0; k < puts; k++) {
    t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: k % 2 ? 'x' : 'y', value: workload.vals[k % 3]! } });
    t.deliverAll();
  }
  return t;
}

/** Two heartbeats: the first gathers progress, the second tells everyone the least applied. */
function beatTwice(t: TestCluster): void {
  for (let k = 0; k < 2; k++) {
    t.fire('s0', 'heartbeat');
    t.deliverAll();
  }
}

const slotsHeld = (s: ServerState) => ({
  votes: [...s.acceptor.votes.entries()].map(([i]) => i),
  decided: [...s.replica.decided.entries()].map(([i]) => i),
  executed: [...s.replica.executed.entries()].map(([i]) => i),
  proposals: [...s.leader.proposals.entries()].map(([i]) => i),
});

describe('forgetting what every server applied', () => {
  it('after two heartbeats each server has forgotten every slot all three applied, and holds nothing there', async () => {
    const t = busyCluster(6);
    const applied = t.server('s2').replica.applied;
    expect(applied).toBe(6);
    beatTwice(t);
    for (const id of ['s0', 's1', 's2']) {
      expect(t.server(id).replica.forgotten).toBe(applied);
      expect(slotsHeld(t.server(id))).toEqual({ votes: [], decided: [], executed: [], proposals: [] });
      // The store and the answers stay: they are the applied state.
      expect(t.server(id).replica.kv.get('x')).toBe('c');
    }
    const report = await checkTrace(parseTrace('forget.ndjson', multiTraceText(t.config, workload, t.lines)));
    expect(report.failure?.diagnosis).toBeUndefined();
    expect(report.checked).toBe(report.steps);
  });

  it('a server that is down holds everyone back at what it applied', () => {
    const t = busyCluster(3);
    t.down.add('s2');
    for (let k = 0; k < 3; k++) {
      t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
      t.deliverAll();
    }
    beatTwice(t);
    expect([t.server('s0').replica.applied, t.server('s2').replica.applied]).toEqual([6, 3]);
    expect(['s0', 's1', 's2'].map((id) => t.server(id).replica.forgotten)).toEqual([0, 0, 0]);
    // Before it was down, it had answered: what it had said then still counts.
    t.down.delete('s2');
    t.deliverAll();
    beatTwice(t);
    expect(['s0', 's1', 's2'].map((id) => t.server(id).replica.forgotten)).toEqual([3, 3, 3]);
  });

  it('an acceptor does not answer a 1a that asks about slots it forgot (its promise could not report their votes)', () => {
    const t = busyCluster(4);
    beatTwice(t);
    const s1 = t.server('s1');
    expect(s1.replica.forgotten).toBe(4);
    const stale: Message = { type: '1a', bal: 5, from: 3 };
    const refused = serverStep(t.config, s1, { kind: 'receive', from: 's2', msg: stale });
    expect(refused.outputs.filter((o) => o.kind === 'send' && o.msg.type === '1b')).toEqual([]);
    expect(refused.state.acceptor.maxBal).toBe(s1.acceptor.maxBal);
    const fresh = serverStep(t.config, s1, { kind: 'receive', from: 's2', msg: { ...stale, from: 5 } });
    expect(fresh.outputs.filter((o) => o.kind === 'send' && o.msg.type === '1b')).toHaveLength(1);
  });

  it('a stale 2a, 2b or decision for a forgotten slot changes nothing; a 2a reaching past it is voted only above', () => {
    const t = busyCluster(4);
    beatTwice(t);
    const s1 = t.server('s1');
    const bal = s1.acceptor.maxBal;
    const put = { kind: 'request', client: 'c1', id: 1, cmd: { op: 'put', key: 'x', value: 'a' } } as const;
    for (const msg of [
      { type: '2b', acc: 's0', bal, first: 2, entries: [put] },
      { type: 'decided', first: 2, decisions: [{ bal, entry: put }] },
    ] satisfies Message[]) {
      const step = serverStep(t.config, s1, { kind: 'receive', from: 's0', msg });
      expect(slotsHeld(step.state)).toEqual(slotsHeld(s1));
      expect(step.outputs.filter((o) => o.kind === 'persist')).toEqual([]);
    }
    const straddling = serverStep(t.config, s1, { kind: 'receive', from: 's0', msg: { type: '2a', bal, first: 3, entries: [put, put, put] } });
    expect(slotsHeld(straddling.state).votes).toEqual([5]);
    expect(straddling.outputs.filter((o) => o.kind === 'persist').map((o) => o.kind === 'persist' && o.record)).toEqual([{ rec: 'votes', bal, first: 5, entries: [put] }]);
  });

  it('a compaction writes the durable state with an image of the store, and recovery from it is the server as a crash leaves it', () => {
    const t = busyCluster(4);
    beatTwice(t);
    // Slots 1..4 forgotten, 5..7 applied above them, 8 voted and undecided.
    for (let k = 0; k < 4; k++) {
      t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'b' } });
      t.deliverAll(100_000, (m) => k < 3 || m.msg.type !== '2b');
    }
    for (const id of ['s0', 's1', 's2']) {
      const s = t.server(id);
      const snapshot = recordsOf(durableOf(s));
      expect(snapshot.filter((r) => r.rec === 'image')).toHaveLength(1);
      const fromSnapshot = recoverServer(t.config, id, snapshot.reduce(foldRecord, EMPTY_DISK)).state;
      const fromLog = recoverServer(t.config, id, t.disks.get(id)!).state;
      expect(serverKey(fromSnapshot)).toBe(serverKey(fromLog));
      expect(fromSnapshot.replica.forgotten).toBe(s.replica.forgotten);
      expect(fromSnapshot.replica.kv.get('x')).toBe(s.replica.kv.get('x'));
    }
    expect([t.server('s1').replica.forgotten, t.server('s1').replica.applied, t.server('s1').acceptor.votes.max]).toEqual([4, 7, 8]);
  });

  it("the simulator's monitor and the explorer's check flag a server that forgot a slot another has not applied, and pass the real run", () => {
    const t = busyCluster(3);
    const lagging = t.server('s2');
    for (let k = 0; k < 3; k++) {
      t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
      t.deliverAll();
    }
    beatTwice(t);
    const all = ['s0', 's1', 's2'].map((id) => t.server(id));
    const monitor = new SafetyMonitor();
    expect(all.map((s) => monitor.checkForgetting(s, all))).toEqual([null, null, null]);
    expect(monitor.checkForgetting(all[0]!, [all[0]!, all[1]!, lagging])).toMatchObject({ kind: 'ForgotUnapplied', node: 's0', slot: 6, message: 's0 forgot slots 1..6, but s2 has applied only 1..3' });
    // The explorer's check, on one global state, says the same.
    expect(checkMultiSafety(all, [])).toBeNull();
    expect(checkMultiSafety([all[0]!, all[1]!, lagging], [])).toEqual({ property: 'ForgotUnapplied', message: 's0 forgot slots 1..6, but s2 has applied only 1..3' });
  });
});
