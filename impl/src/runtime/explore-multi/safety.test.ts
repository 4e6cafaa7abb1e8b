// The explorer's state predicates on states the reducers really reach
// (TestCluster), and on answers a client should never have accepted.
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../../multi/test-cluster.ts';
import { checkMultiSafety, type ClientView } from './safety.ts';

function committed() {
  const t = new TestCluster();
  t.fire('s0', 'election');
  t.deliverAll();
  t.stepClient('c1', { kind: 'invoke', cmd: { op: 'put', key: 'x', value: 'a' } });
  t.deliverAll();
  t.stepClient('c1', { kind: 'invoke', cmd: { op: 'get', key: 'x' } });
  t.deliverAll();
  return [...t.servers.values()];
}

const sent = [{ op: 'put', key: 'x', value: 'a' }, { op: 'get', key: 'x' }] as const;
const client = (accepted: ClientView['accepted'], cmds: ClientView['sent'] = sent): ClientView[] => [{ name: 'c1', sent: cmds, accepted }];

describe('Multi-Paxos safety predicates', () => {
  test('a run without faults satisfies them all, answers included', () => {
    expect(checkMultiSafety(committed(), client([{ id: 1, slot: 1, result: 'a' }, { id: 2, slot: 2, result: 'a' }]))).toBeNull();
  });

  test('an answer that is not what the log gives, or at the wrong slot, breaks ReplyConsistent', () => {
    expect(checkMultiSafety(committed(), client([{ id: 2, slot: 2, result: null }]))?.property).toBe('ReplyConsistent');
    expect(checkMultiSafety(committed(), client([{ id: 2, slot: 1, result: 'a' }]))?.property).toBe('ReplyConsistent');
  });

  test('a decided request no client sent breaks AppliedWasRequested', () => {
    expect(checkMultiSafety(committed(), client([], [{ op: 'put', key: 'x', value: 'b' }]))?.property).toBe('AppliedWasRequested');
  });

  test('two replicas with different entries in a slot break SlotAgreement', () => {
    const [s0, s1, s2] = committed();
    const d = s1!.replica.decided.get(2)!;
    const forged = { ...s1!, replica: { ...s1!.replica, decided: s1!.replica.decided.set(2, { ...d, entry: { kind: 'noop' } }) } };
    expect(checkMultiSafety([s0!, forged, s2!], client([]))?.property).toBe('SlotAgreement');
  });
});
