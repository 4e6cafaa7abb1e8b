// The Multi-Paxos reducer's steps on a loaded cluster's path, alone: a
// leader takes a batch of 64 requests, every server votes on the 2a, the
// leader decides and applies on a quorum's votes, and the others learn
// from its chosen notice.  Each step is timed as the leader or a follower
// takes it, over many batches in a row (so the store, the log and the
// clients' answers are as a running cluster has them); the median of the
// second half is printed.  These steps sit on a cluster's critical path:
// bench/cluster.ts shows what they add up to with sockets and disks.
import type { Input, Output } from '../impl/src/multi/io.ts';
import type { Message, NodeId } from '../impl/src/multi/messages.ts';
import { serverStep } from '../impl/src/multi/server.ts';
import type { ServerState } from '../impl/src/multi/state.ts';
import { TestCluster } from '../impl/src/multi/test-cluster.ts';

export function benchMultiSteps(batches = 3000, batch = 64): void {
  const t = new TestCluster({ window: 2 * batch, maxBatch: batch });
  t.fire('s0', 'election');
  t.deliverAll();
  const servers = new Map<NodeId, ServerState>(t.config.servers.map((id) => [id, t.server(id)]));
  const times = new Map<string, number[]>();
  const queue: { from: NodeId; to: NodeId; msg: Message }[] = [];
  const step = (id: NodeId, input: Input, label: string) => {
    const t0 = performance.now();
    const { state, outputs } = serverStep(t.config, servers.get(id)!, input);
    const took = performance.now() - t0;
    servers.set(id, state);
    (times.get(label) ?? times.set(label, []).get(label)!).push(took);
    for (const o of outputs as Output[]) if (o.kind === 'send' && servers.has(o.to)) queue.push({ from: id, to: o.to, msg: o.msg });
  };
  for (let n = 1; n <= batches; n++) {
    const requests = Array.from({ length: batch }, (_, k) => ({ from: `c${k}`, msg: { type: 'request', client: `c${k}`, id: n, cmd: { op: 'put', key: `k${k}`, value: `c${k}-${n}` } } as const }));
    step('s0', { kind: 'requests', requests }, `leader: ${batch} requests, proposed`);
    let votesIn = 0;
    while (queue.length > 0) {
      const { from, to, msg } = queue.shift()!;
      step(to, { kind: 'receive', from, msg }, labelOf(from, to, msg, msg.type === '2b' && from !== 's0' ? ++votesIn : 0));
    }
  }
  console.log(`Multi-Paxos reducer steps, batches of ${batch} puts, 3 servers (median of the last ${batches / 2} batches):`);
  for (const [label, all] of times) {
    const late = all.slice(all.length / 2).sort((a, b) => a - b);
    const median = late[Math.floor(late.length / 2)]!;
    console.log(`  ${label.padEnd(48)} ${(median * 1000).toFixed(0).padStart(6)} us`);
  }
}

/** The leader is s0; its own 2b comes first, so the first follower's 2b makes the quorum. */
function labelOf(from: NodeId, to: NodeId, msg: Message, followerVote: number): string {
  if (msg.type === '2a') return to === 's0' ? 'leader: its own vote' : 'follower: a vote on the 2a';
  if (msg.type === '2b' && from === 's0') return 'leader: its own 2b (no quorum yet)';
  if (msg.type === '2b') return followerVote === 1 ? "leader: a follower's 2b (decide and apply)" : 'leader: a late 2b (decided already)';
  if (msg.type === 'chosen') return 'follower: the chosen notice (decide and apply)';
  return `other: ${msg.type}`;
}

if (import.meta.url === `file://${process.argv[1]}`) benchMultiSteps();
