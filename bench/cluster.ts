// A real 3-server cluster on loopback, fsync on (paxos cluster start; paxos
// load): committed writes/s and latency percentiles at 1, 16, 64 and 128
// closed-loop clients sharing one connection per server, 5 s each, on a
// fresh cluster directory; 64 clients with a connection each; then 64
// clients spreading puts over 20,000 keys, three times over, which shows
// whether a put's cost grows with the store (it did, before the store was
// a persistent map: 1,263, 685, 432 writes/s); last, each server's disk
// and resident memory after all that (they grew with the history before
// servers forgot applied slots: about 230 bytes a command).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterFile, startServers, status, stopServers } from '../impl/src/runtime/node/cluster-dir.ts';
import { percentile, runLoad } from '../impl/src/runtime/node/load.ts';

export async function benchCluster(clientCounts: readonly number[] = [1, 16, 64, 128], seconds = 5): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-bench-cluster-'));
  const cluster = await ensureClusterFile(dir, 3);
  const ids = cluster.servers.map((s) => s.id);
  try {
    await startServers(dir, cluster);
    console.log(`Real cluster: 3 server processes on loopback, fdatasync on, window ${cluster.window}, batches of up to ${cluster.maxBatch}, puts only, ${seconds} s per row (${dir})`);
    for (const clients of clientCounts) {
      row(`${String(clients).padStart(2)} clients`, await runLoad({ cluster, clients, durationMs: seconds * 1000, puts: 1, keys: Math.max(3, clients) }));
    }
    row('64 clients, a connection each', await runLoad({ cluster, clients: 64, durationMs: seconds * 1000, puts: 1, keys: 64, connectionPerClient: true }));
    for (let round = 1; round <= 3; round++) {
      row(`64 clients, 20,000 keys, run ${round}`, await runLoad({ cluster, clients: 64, durationMs: seconds * 1000, puts: 1, keys: 20_000 }));
    }
    // Storage after every row: slots applied everywhere are forgotten, so a
    // server's disk holds the store (20,000 keys) and the undecided tail,
    // not the history (before forgetting: about 230 bytes per command).
    for (const { id } of cluster.servers) {
      const st = await status(cluster, id);
      const files = readdirSync(join(dir, id)).map((f) => [f, statSync(join(dir, id, f)).size] as const);
      const mb = (n: number) => (n / 2 ** 20).toFixed(1);
      const disk = files.filter(([f]) => f === 'snapshot' || f.startsWith('wal-'));
      // A log file is zeros laid down beforehand (storage/wal.ts), written into: its data is logBytes.
      const { logBytes } = st.wal as { logBytes: number };
      console.log(`  storage of ${id}: applied ${st.applied}, forgotten ${st.forgotten}; log data ${mb(logBytes)} MB; files ${disk.map(([f, n]) => `${f} ${mb(n)} MB`).join(', ')}; resident memory ${mb(st.rssBytes as number)} MB`);
    }
  } finally {
    await stopServers(dir, ids, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(label: string, r: Awaited<ReturnType<typeof runLoad>>): void {
  const done = r.history.filter((op) => op.ret !== null).length;
  const lat = [...r.latencies].sort((a, b) => a - b);
  console.log(`  ${label}: ${Math.round(done / r.seconds)} writes/s, p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms (${r.history.length - done} unanswered)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCluster();
