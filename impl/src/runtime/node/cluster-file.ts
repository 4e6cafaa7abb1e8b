// The cluster file (DATA/cluster.json) every node and client reads: who the
// servers are, where they listen, and the key that authenticates frames
// between them.  Checked field by field: a node started on a wrong file
// must say which field is wrong, not fail later in a socket callback.
import { readFileSync } from 'node:fs';
import { makeMultiConfig, type MultiConfig } from '../../multi/config.ts';

export interface ServerAddress {
  readonly id: string;
  /** Where the server listens for its peers (authenticated frames). */
  readonly peerPort: number;
  /** Where it listens for clients (newline-delimited JSON). */
  readonly clientPort: number;
}

export interface ClusterFile {
  readonly format: 'paxos-ref/cluster';
  readonly version: 1;
  /** Hex; frames between servers carry an HMAC under it. */
  readonly key: string;
  readonly servers: readonly ServerAddress[];
  readonly window: number;
  readonly maxBatch: number;
  /**
   * Every node and client writes its trace (DATA/<id>/trace.ndjson,
   * DATA/clients/): set at the first start, so restarts keep tracing.
   */
  readonly trace?: boolean;
}

export class ClusterFileError extends Error {}

export function readClusterFile(file: string): ClusterFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ClusterFileError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ClusterFileError(`${file}: not JSON (${(e as Error).message})`);
  }
  return checkClusterFile(file, v);
}

export function checkClusterFile(file: string, v: unknown): ClusterFile {
  const bad = (field: string, what: string) => new ClusterFileError(`${file}: field ${field}: ${what}`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ClusterFileError(`${file}: not a JSON object`);
  const o = v as Record<string, unknown>;
  if (o.format !== 'paxos-ref/cluster') throw bad('format', `expected "paxos-ref/cluster", got ${JSON.stringify(o.format)}`);
  if (o.version !== 1) throw bad('version', `expected 1, got ${JSON.stringify(o.version)}`);
  if (typeof o.key !== 'string' || !/^([0-9a-f]{2}){16,}$/.test(o.key)) throw bad('key', 'expected at least 16 bytes as lowercase hex');
  if (!Array.isArray(o.servers) || o.servers.length === 0) throw bad('servers', 'expected a non-empty list');
  const ports = new Set<number>();
  const ids = new Set<string>();
  const servers = o.servers.map((s: unknown, k: number): ServerAddress => {
    if (typeof s !== 'object' || s === null) throw bad(`servers[${k}]`, 'expected an object');
    const r = s as Record<string, unknown>;
    if (typeof r.id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(r.id)) throw bad(`servers[${k}].id`, 'expected a name of letters, digits, - or _');
    if (ids.has(r.id)) throw bad(`servers[${k}].id`, `${r.id} appears twice`);
    ids.add(r.id);
    for (const f of ['peerPort', 'clientPort'] as const) {
      const p = r[f];
      if (!Number.isInteger(p) || (p as number) < 1 || (p as number) > 65535) throw bad(`servers[${k}].${f}`, 'expected a TCP port (1..65535)');
      if (ports.has(p as number)) throw bad(`servers[${k}].${f}`, `port ${p} is used twice`);
      ports.add(p as number);
    }
    return { id: r.id, peerPort: r.peerPort as number, clientPort: r.clientPort as number };
  });
  for (const f of ['window', 'maxBatch'] as const) if (!Number.isInteger(o[f]) || (o[f] as number) < 1) throw bad(f, 'expected an integer >= 1');
  if ('trace' in o && typeof o.trace !== 'boolean') throw bad('trace', 'expected true or false');
  return { format: 'paxos-ref/cluster', version: 1, key: o.key, servers, window: o.window as number, maxBatch: o.maxBatch as number, ...(o.trace === true ? { trace: true } : {}) };
}

/**
 * The reducers' configuration for a real network: timings in milliseconds,
 * longer than the simulator's because a real loopback round trip with a
 * disk sync is ~0.2 ms and the event loop may pause for a GC.
 */
export function multiConfigOf(c: ClusterFile): MultiConfig {
  return makeMultiConfig({
    servers: c.servers.map((s) => s.id),
    window: c.window,
    maxBatch: c.maxBatch,
    timing: { heartbeat: 50, electionTimeout: 300, backoffBase: 50, backoffMax: 1000 },
  });
}
