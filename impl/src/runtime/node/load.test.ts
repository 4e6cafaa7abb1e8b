// Two load runs against one cluster: the second's clients are new clients,
// so every one of their commands is answered (a run that reused the first
// run's client names had its first requests taken for old retries).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureClusterFile, signalServer, spawnServer, waitExit, waitReady } from './cluster-dir.ts';
import { runLoad } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-load-'));
afterAll(async () => {
  for (const id of ['s0', 's1', 's2']) if (signalServer(dir, id, 'SIGKILL')) await waitExit(dir, id);
});

describe('runLoad', () => {
  test('a second run on the same cluster has every command answered', async () => {
    const cluster = await ensureClusterFile(dir, 3);
    for (const s of cluster.servers) spawnServer(dir, s.id);
    for (const s of cluster.servers) await waitReady(cluster, s.id);
    for (let run = 0; run < 2; run++) {
      const r = await runLoad({ cluster, clients: 4, durationMs: 10_000, maxOpsPerClient: 10, opTimeoutMs: 2000 });
      expect(r.history).toHaveLength(40);
      expect(r.history.filter((op) => op.ret === null)).toEqual([]);
    }
  }, 60_000);
});
