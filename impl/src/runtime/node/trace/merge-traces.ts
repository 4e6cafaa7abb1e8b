// One trace of a cluster run from its per-node files (trace-file.ts), for
// `paxos trace-check`: every record of every server and client, in the
// order of (Lamport clock, node).  The clocks make that order a linear
// extension of happens-before: a message carries its sender's clock and its
// receiver's clock jumps above it, so every receipt comes after its send,
// and each node's own records keep their order.  (Records with equal
// clocks are of different nodes and causally unrelated: either order is a
// run the spec must allow.)
//
// Two kinds of line are made here rather than by the nodes:
// - a server's restart: the process that crashed took its state with it;
//   and the lines of its last steps that its log did not keep are cut off
//   (restart-line.ts);
// - a client's Request and Receive: the spec's history variables (hMax,
//   hFloor) are shared by all clients, so each line is made by clientLine
//   in merged order, from the state and action the client logged.
import type { ClusterFile } from '../cluster-file.ts';
import { multiConfigOf } from '../cluster-file.ts';
import { clientLine, type ClientHistory, type MultiLine } from '../../../multi/trace-lines.ts';
import { multiTraceText } from '../../../multi/trace-file.ts';
import { readClientTraces, readServerTrace } from './read-node-traces.ts';
import { serverTimeline } from './restart-line.ts';
import type { ClientRecord, ServerStepRecord } from './trace-file.ts';

export interface MergedTrace {
  readonly text: string;
  readonly lines: number;
  readonly servers: number;
  readonly clients: number;
  readonly restarts: number;
  /** Lines cut off at restarts: the last steps of killed processes, whose records their logs did not keep (restart-line.ts). */
  readonly cut: number;
}

type Item = { readonly lc: number; readonly node: string; readonly k: number } & ({ readonly server: ServerStepRecord } | { readonly client: ClientRecord });

export function mergeClusterTraces(dataDir: string, cluster: ClusterFile): MergedTrace {
  const config = multiConfigOf(cluster);
  const servers = cluster.servers.map((s) => readServerTrace(dataDir, s.id));
  const clients = readClientTraces(dataDir);
  const timelines = servers.map((t) => ({ node: t.node, ...serverTimeline(config, t) }));
  const items: Item[] = [
    ...timelines.flatMap((t) => t.lines.map((r, k): Item => ({ lc: r.lc, node: t.node, k, server: r }))),
    ...clients.flatMap((t) => t.records.map((r, k): Item => ({ lc: r.lc, node: t.node, k, client: r }))),
  ];
  items.sort((a, b) => a.lc - b.lc || (a.node < b.node ? -1 : a.node > b.node ? 1 : a.k - b.k));

  let history: ClientHistory = { hMax: 0 };
  const keys = new Set<string>();
  const vals = new Set<string>();
  const lines: (MultiLine & { lc: number })[] = items.map((item) => {
    if ('server' in item) return item.server;
    const { before, action } = item.client;
    if (action.action === 'Request') {
      keys.add(action.cmd.key);
      if (action.cmd.op === 'put') vals.add(action.cmd.value);
    }
    const made = clientLine(before, action, history);
    history = made.history;
    return { lc: item.lc, ...made.line };
  });
  const workload = { clients: clients.map((c) => c.node), keys: [...keys].sort(), vals: [...vals].sort() };
  const restarts = timelines.reduce((n, t) => n + t.restarts, 0);
  const cut = timelines.reduce((n, t) => n + t.cut, 0);
  const source = { kind: 'cluster', dir: dataDir, order: 'Lamport clock, then node', restarts, cut, files: [...servers, ...clients].map((t) => t.file) };
  return { text: multiTraceText(config, workload, lines, source), lines: lines.length, servers: servers.length, clients: clients.length, restarts, cut };
}
