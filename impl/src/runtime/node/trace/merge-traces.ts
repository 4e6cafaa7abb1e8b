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
// - a server's restart: the process that crashed took its state with it
//   (restart-line.ts);
// - a client's Request and Receive: the spec's history variables (hMax,
//   hFloor) are shared by all clients, so each line is made by clientLine
//   in merged order, from the state and action the client logged.
import type { ClusterFile } from '../cluster-file.ts';
import { multiConfigOf } from '../cluster-file.ts';
import { clientLine, type ClientHistory, type MultiLine } from '../../../multi/trace-lines.ts';
import { multiTraceText } from '../../../multi/trace-file.ts';
import { TraceFormatError } from '../../../../../trace-check/src/format.ts';
import { readClientTraces, readServerTrace, type ServerRecord } from './read-node-traces.ts';
import { LoggedServer } from './restart-line.ts';
import type { ClientRecord } from './trace-file.ts';

export interface MergedTrace {
  readonly text: string;
  readonly lines: number;
  readonly servers: number;
  readonly clients: number;
  readonly restarts: number;
}

type Item = { readonly lc: number; readonly node: string; readonly file: string; readonly k: number } & ({ readonly server: ServerRecord } | { readonly client: ClientRecord });

export function mergeClusterTraces(dataDir: string, cluster: ClusterFile): MergedTrace {
  const config = multiConfigOf(cluster);
  const servers = cluster.servers.map((s) => readServerTrace(dataDir, s.id));
  const clients = readClientTraces(dataDir);
  const items: Item[] = [
    ...servers.flatMap((t) => t.records.map((r, k): Item => ({ lc: r.lc, node: t.node, file: t.file, k, server: r }))),
    ...clients.flatMap((t) => t.records.map((r, k): Item => ({ lc: r.lc, node: t.node, file: t.file, k, client: r }))),
  ];
  items.sort((a, b) => a.lc - b.lc || (a.node < b.node ? -1 : a.node > b.node ? 1 : a.k - b.k));

  const logged = new Map(cluster.servers.map((s) => [s.id, new LoggedServer(config, s.id)]));
  const started = new Set<string>();
  let history: ClientHistory = { hMax: 0 };
  let restarts = 0;
  const keys = new Set<string>();
  const vals = new Set<string>();
  const lines: (MultiLine & { lc: number })[] = [];
  for (const item of items) {
    if ('client' in item) {
      const { before, action } = item.client;
      if (action.action === 'Request') {
        keys.add(action.cmd.key);
        if (action.cmd.op === 'put') vals.add(action.cmd.value);
      }
      const made = clientLine(before, action, history);
      history = made.history;
      lines.push({ lc: item.lc, ...made.line });
      continue;
    }
    const r = item.server;
    const server = logged.get(item.node)!;
    if ('event' in r) {
      if (!started.has(item.node)) {
        started.add(item.node);
        // The spec begins at Init: the first process must have started from an empty disk.
        if (Object.keys(r.vars).length > 0) throw new TraceFormatError(item.file, 1, 'vars', `${item.node} first started from a disk that was not empty: its trace does not begin where the spec does (start a traced cluster in a new --dir)`);
        continue;
      }
      restarts++;
      lines.push({ lc: r.lc, ...server.restart(r.vars) });
      continue;
    }
    server.apply(r.vars);
    lines.push(r);
  }
  const workload = { clients: clients.map((c) => c.node), keys: [...keys].sort(), vals: [...vals].sort() };
  const source = { kind: 'cluster', dir: dataDir, order: 'Lamport clock, then node', files: [...servers, ...clients].map((t) => t.file) };
  return { text: multiTraceText(config, workload, lines, source), lines: lines.length, servers: servers.length, clients: clients.length, restarts };
}
