// A real 3-server cluster on loopback, fsync on (paxos cluster start; paxos
// load): committed writes/s and latency percentiles at 1, 16 and 64
// closed-loop clients, 5 s each, on a fresh cluster directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterFile, signalServer, spawnServer, waitExit, waitReady } from '../impl/src/runtime/node/cluster-dir.ts';
import { percentile, runLoad } from '../impl/src/runtime/node/load.ts';

export async function benchCluster(clientCounts: readonly number[] = [1, 16, 64], seconds = 5): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-bench-cluster-'));
  const cluster = await ensureClusterFile(dir, 3);
  const ids = cluster.servers.map((s) => s.id);
  for (const id of ids) spawnServer(dir, id);
  try {
    for (const id of ids) await waitReady(cluster, id);
    console.log(`Real cluster: 3 server processes on loopback, fdatasync on, window ${cluster.window}, puts only, ${seconds} s per row (${dir})`);
    for (const clients of clientCounts) {
      const r = await runLoad({ cluster, clients, durationMs: seconds * 1000, puts: 1, keys: Math.max(3, clients) });
      const done = r.history.filter((op) => op.ret !== null).length;
      const lat = [...r.latencies].sort((a, b) => a - b);
      console.log(`  ${String(clients).padStart(2)} clients: ${Math.round(done / r.seconds)} writes/s, p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms (${r.history.length - done} unanswered)`);
    }
  } finally {
    for (const id of ids) if (signalServer(dir, id, 'SIGTERM')) await waitExit(dir, id);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCluster();
