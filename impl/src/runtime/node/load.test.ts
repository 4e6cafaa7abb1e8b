// Two load runs against one cluster: the second's clients are new clients,
// so every one of their commands is answered (a run that reused the first
// run's client names had its first requests taken for old retries).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureClusterFile, startServers, status, stopServers } from './cluster-dir.ts';
import type { Operation } from '../../kv/history.ts';
import { checkLinearizable } from '../../kv/linearizability.ts';
import { runLoad } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-load-'));
// A cluster of its own for the history check: the store must start empty.
const fresh = mkdtempSync(join(tmpdir(), 'paxos-load-'));
const big = mkdtempSync(join(tmpdir(), 'paxos-load-'));
afterAll(async () => {
  for (const d of [dir, fresh, big]) await stopServers(d, ['s0', 's1', 's2'], 'SIGKILL');
});

describe('runLoad', () => {
  test('a second run on the same cluster has every command answered', async () => {
    const cluster = await ensureClusterFile(dir, 3);
    await startServers(dir, cluster);
    for (let run = 0; run < 2; run++) {
      const r = await runLoad({ cluster, clients: 4, durationMs: 10_000, maxOpsPerClient: 10, opTimeoutMs: 2000 });
      expect(r.history).toHaveLength(40);
      expect(r.history.filter((op) => op.ret === null)).toEqual([]);
    }
  }, 60_000);

  // Shared connections (the default) must hand every reply to the client it
  // names: a reply routed to the wrong client would complete the wrong
  // operation, and the history would show it.
  test('clients on shared connections and clients on their own both get their own answers, and the history is linearizable', async () => {
    const cluster = await ensureClusterFile(fresh, 3);
    await startServers(fresh, cluster);
    const all: Operation[] = [];
    for (const [run, connectionPerClient] of [false, true].entries()) {
      const r = await runLoad({ cluster, clients: 8, durationMs: 10_000, maxOpsPerClient: 15, opTimeoutMs: 2000, keys: 2, connectionPerClient });
      // The second run reads what the first wrote: check the two together.
      all.push(...r.history);
      expect(r.history).toHaveLength(120);
      expect(r.history.filter((op) => op.ret === null)).toEqual([]);
      const v = checkLinearizable(all);
      expect(v.ok, v.ok ? '' : `run ${run}: ${v.explanation}`).toBe(true);
    }
  }, 60_000);

  // A batch of 64 such puts was one 2a and one 3.8 MB votes record, over
  // the log's 1 MiB frame: every server stopped within a second.  Batches
  // are now cut by size too (messages.ts RUN_CHARS).
  test('64 clients putting 60,000-character values: every put is answered and every server stays up', async () => {
    const cluster = await ensureClusterFile(big, 3);
    await startServers(big, cluster);
    const r = await runLoad({ cluster, clients: 64, durationMs: 2_000, puts: 1, keys: 64, valueBytes: 60_000, opTimeoutMs: 5_000 });
    expect(r.history.length).toBeGreaterThan(64);
    expect(r.history.filter((op) => op.ret === null)).toEqual([]);
    for (const { id } of cluster.servers) expect(await status(cluster, id)).toMatchObject({ id });
  }, 60_000);
});
