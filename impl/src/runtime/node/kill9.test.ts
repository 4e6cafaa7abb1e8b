// The real thing: three server processes on loopback with fsync'd logs,
// clients writing and reading under load, and servers killed with SIGKILL
// and restarted - the leader first, then at random.  Afterwards, every
// answer the clients got must fit one sequential order of the operations
// (linearizability, which includes: every acknowledged write is seen by
// the reads after it), final reads of every key included, and no process
// may be left behind.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkLinearizable } from '../../kv/linearizability.ts';
import type { Operation } from '../../kv/history.ts';
import { ensureClusterFile, runningPid, startServers, status, stopServers } from './cluster-dir.ts';
import { KvClient } from './kv-client.ts';
import { runLoad } from './load.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-kill9-'));
const compacted = mkdtempSync(join(tmpdir(), 'paxos-kill9-'));
const ids = ['s0', 's1', 's2'];

afterAll(async () => {
  for (const d of [dir, compacted]) await stopServers(d, ids, 'SIGKILL');
});

/** The final read of each key must return its last acknowledged put, or a put that may have come after it. */
function expectNoAcknowledgedWriteLost(history: readonly Operation[], finals: readonly Operation[]): void {
  const acknowledgedPuts = history.filter((op) => op.ret !== null && op.command.op === 'put');
  for (const f of finals) {
    const key = f.command.key;
    const puts = history.filter((op) => op.command.op === 'put' && op.command.key === key);
    const lastAck = acknowledgedPuts.filter((op) => op.command.key === key).sort((a, b) => a.ret! - b.ret!).at(-1);
    if (!lastAck || f.result?.op !== 'get') continue;
    const candidates = puts.filter((op) => op === lastAck || op.ret === null || op.ret > lastAck.call).map((op) => (op.command.op === 'put' ? op.command.value : null));
    expect(candidates).toContain(f.result.value);
  }
}

async function finalReads(cluster: Awaited<ReturnType<typeof ensureClusterFile>>, keys: number): Promise<Operation[]> {
  const reader = new KvClient(cluster, `final-reader-${Math.random().toString(36).slice(2, 8)}`);
  const finals: Operation[] = [];
  for (let k = 0; k < keys; k++) {
    const cmd = { op: 'get', key: `k${k}` } as const;
    const call = performance.now();
    const done = await reader.call(cmd, 10_000);
    finals.push({ client: 'final-reader', id: done.id, command: cmd, call, ret: performance.now(), result: done.result });
  }
  reader.close();
  return finals;
}

async function leader(cluster: Awaited<ReturnType<typeof ensureClusterFile>>): Promise<string | null> {
  for (const id of ids) {
    const s = await status(cluster, id).catch(() => null);
    if (s?.leading === true) return id;
  }
  return null;
}

describe('a real cluster under kill -9', () => {
  test('acknowledged writes survive; the history is linearizable; no process is left', async () => {
    const cluster = await ensureClusterFile(dir, 3);
    await startServers(dir, cluster);

    const kills: string[] = [];
    const faults = (async () => {
      for (let round = 0; round < 5; round++) {
        await new Promise((r) => setTimeout(r, 1500));
        // The leader first (and again on odd rounds), else any server.
        const victim = (round % 2 === 0 ? await leader(cluster) : null) ?? ids[Math.floor(Math.random() * ids.length)]!;
        await stopServers(dir, [victim], 'SIGKILL');
        kills.push(victim);
        await new Promise((r) => setTimeout(r, 300));
        await startServers(dir, cluster, [victim]);
      }
    })();
    const load = runLoad({ cluster, clients: 4, durationMs: 9000, keys: 3 });
    const [{ history }] = await Promise.all([load, faults]);

    // Final reads of every key, after the faults, by a fresh client.
    const finals = await finalReads(cluster, 3);

    const completed = history.filter((op) => op.ret !== null);
    const acknowledgedPuts = completed.filter((op) => op.command.op === 'put');
    console.log(`kill -9 test: ${history.length} operations (${completed.length} answered, ${acknowledgedPuts.length} acknowledged puts, ${history.length - completed.length} pending); killed ${kills.join(', ')}`);
    expect(kills.length).toBe(5);
    expect(acknowledgedPuts.length).toBeGreaterThan(20);
    const verdict = checkLinearizable([...history, ...finals]);
    if (!verdict.ok) throw new Error(verdict.explanation);
    // The last acknowledged put of a key that no later operation could
    // have overwritten is what the final read returns.
    expectNoAcknowledgedWriteLost(history, finals);

    await stopServers(dir, ids, 'SIGTERM');
    for (const id of ids) expect(runningPid(dir, id)).toBeNull();
  }, 120_000);

  // Compaction with forgetting: a snapshot holds the store as an image and
  // no history before the slots every server applied, so a restart must
  // come back from the image.
  test('after compactions that forgot the history, all three killed at once come back from their images with every acknowledged write', async () => {
    const cluster = await ensureClusterFile(compacted, 3);
    await startServers(compacted, cluster);
    // About 40,000 puts: past the 4 MiB log that starts a compaction.
    const { history } = await runLoad({ cluster, clients: 64, durationMs: 5000, keys: 64, puts: 1 });
    const before = await Promise.all(ids.map((id) => status(cluster, id)));
    for (const st of before) expect(st.forgotten as number).toBeGreaterThan(0);
    for (const id of ids) expect(readdirSync(join(compacted, id))).toContain('snapshot');
    await stopServers(compacted, ids, 'SIGKILL');
    await startServers(compacted, cluster);
    for (const id of ids) {
      const recovered = readFileSync(join(compacted, id, 'node.log'), 'utf8').trimEnd().split('\n').filter((l) => l.includes(' recovered: ')).at(-1)!;
      expect(recovered).toMatch(/forgotten 1\.\.[1-9]\d*, store image at [1-9]\d* \(\d+ key\(s\)\)/);
    }
    const finals = await finalReads(cluster, 64);
    expectNoAcknowledgedWriteLost(history, finals);
    const after = await Promise.all(ids.map((id) => status(cluster, id)));
    // Taken with the cluster idle, so every applied slot was on disk: none is lost.
    for (const [k, st] of after.entries()) expect(st.applied as number).toBeGreaterThanOrEqual(before[k]!.applied as number);
    await stopServers(compacted, ids, 'SIGTERM');
    for (const id of ids) expect(runningPid(compacted, id)).toBeNull();
  }, 120_000);
});
