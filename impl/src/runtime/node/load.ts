// Closed-loop load on a real cluster: N clients, each one command at a time
// (a random put or get on a few keys, every put a value never used before,
// so that a read names the write it saw), for a given time.  Everything the
// clients saw is kept as a history for the linearizability checker; an
// operation that got no answer in time stays in it as pending (it may or may
// not have taken effect), and its client is replaced by a new one, since a
// client waits for its current request forever.  With a trace directory,
// each client writes its trace file there (DATA/clients/<name>.ndjson).
import { randomBytes } from 'node:crypto';
import type { KvCommand } from '../../kv/commands.ts';
import type { Operation } from '../../kv/history.ts';
import type { ClusterFile } from './cluster-file.ts';
import { ClientLinks } from './client-links.ts';
import { KvClient } from './kv-client.ts';
import { clientTracePath } from './trace/trace-file.ts';

export interface LoadOptions {
  readonly cluster: ClusterFile;
  readonly clients: number;
  readonly durationMs: number;
  readonly keys?: number;
  /** Share of puts, 0..1 (default 0.5). */
  readonly puts?: number;
  /** Give up on one command after this long (default 5 s). */
  readonly opTimeoutMs?: number;
  /** Pause between a client's commands (ms; default none: closed loop at full speed). */
  readonly thinkMs?: number;
  /** Stop each client after this many commands (default: only the duration limits). */
  readonly maxOpsPerClient?: number;
  /** Where the clients write their trace files (none: no traces). */
  readonly traceDir?: string;
  /** Each client on connections of its own, as separate processes would be (default: one shared connection per server). */
  readonly connectionPerClient?: boolean;
  /** Each put's value padded to this many characters (default: as short as it comes, about 20). */
  readonly valueBytes?: number;
}

export interface LoadResult {
  readonly history: Operation[];
  /** Latencies of completed operations, ms, in completion order. */
  readonly latencies: number[];
  readonly seconds: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const history: Operation[] = [];
  const latencies: number[] = [];
  const keys = o.keys ?? 3;
  const start = performance.now();
  const end = start + o.durationMs;
  let clientSerial = 0;
  // Names unique to this run: a server answers a client name's request ids
  // at most once, so a second run reusing c0.0 from request 1 on would have
  // its requests taken for old retries and never answered.
  const tag = randomBytes(3).toString('hex');
  // One connection per server for all the clients (client-links.ts), unless asked for one each.
  const shared = o.connectionPerClient ? undefined : new ClientLinks(o.cluster);
  const newClient = (name: string) =>
    new KvClient(o.cluster, name, { ...(shared ? { links: shared } : {}), ...(o.traceDir === undefined ? {} : { trace: clientTracePath(o.traceDir, name) }) });
  const loop = async (lane: number) => {
    let name = `c${lane}.${clientSerial++}-${tag}`;
    let client = newClient(name);
    let n = 0;
    let ops = 0;
    while (performance.now() < end && ops++ < (o.maxOpsPerClient ?? Infinity)) {
      if (o.thinkMs && ops > 1) await new Promise((r) => setTimeout(r, o.thinkMs));
      const key = `k${Math.floor(Math.random() * keys)}`;
      const cmd: KvCommand = Math.random() < (o.puts ?? 0.5) ? { op: 'put', key, value: padded(`${name}-${n + 1}`, o.valueBytes) } : { op: 'get', key };
      const call = performance.now();
      const id = n + 1; // the client reducer numbers its requests 1, 2, ...
      try {
        const done = await client.call(cmd, o.opTimeoutMs ?? 5000);
        const ret = performance.now();
        n++;
        history.push({ client: name, id: done.id, command: cmd, call, ret, result: done.result });
        latencies.push(ret - call);
      } catch {
        history.push({ client: name, id, command: cmd, call, ret: null, result: null });
        client.close();
        name = `c${lane}.${clientSerial++}-${tag}`;
        client = newClient(name);
        n = 0;
      }
    }
    client.close();
  };
  await Promise.all(Array.from({ length: o.clients }, (_, i) => loop(i)));
  shared?.close();
  return { history, latencies, seconds: (performance.now() - start) / 1000 };
}

/** A value of `length` characters that still begins with its unique name (the history tells values apart by it). */
function padded(value: string, length = 0): string {
  return value.length >= length ? value : value + '.'.repeat(length - value.length);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
