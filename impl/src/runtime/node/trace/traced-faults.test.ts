// A cluster run with tracing on, under faults, trace-checked against
// spec/MultiPaxos.tla: three server processes writing their traces, two
// clients with a think time writing theirs, the leader SIGKILLed and
// restarted, then another server; the per-node files merged by Lamport
// clock must pass the trace checker, and the clients' history must be
// linearizable.  Kept small (a couple of hundred commands): the embedded
// engine's cost grows with the log (trace-check/README.md, Limits); the
// unthrottled load is kill9.test.ts's job.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkTrace } from '../../../../../trace-check/src/check.ts';
import { parseTrace } from '../../../../../trace-check/src/format.ts';
import { checkLinearizable } from '../../../kv/linearizability.ts';
import { ensureClusterFile, runningPid, startServers, status, stopServers } from '../cluster-dir.ts';
import type { ClusterFile } from '../cluster-file.ts';
import { runLoad } from '../load.ts';
import { mergeClusterTraces } from './merge-traces.ts';
import { clientTraceDir } from './trace-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-traced-'));
const ids = ['s0', 's1', 's2'];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  await stopServers(dir, ids, 'SIGKILL');
});

/** The server that leads now, waiting for an election to end if one is under way. */
async function leader(cluster: ClusterFile): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const id of ids) {
      const s = await status(cluster, id).catch(() => null);
      if (s?.leading === true) return id;
    }
    if (Date.now() > deadline) throw new Error('no leader within 10 s');
    await pause(50);
  }
}

describe('a traced cluster run under kill -9', () => {
  test('the merged node traces pass trace-check, and the history is linearizable', async () => {
    const t0 = performance.now();
    const cluster = await ensureClusterFile(dir, 3, { trace: true });
    await startServers(dir, cluster);

    const killed: string[] = [];
    const faults = (async () => {
      for (const round of [0, 1]) {
        await pause(1200);
        // First the leader (a kill while leading: its restart is an Abandon), then another server.
        const l = await leader(cluster);
        const victim = round === 0 ? l : ids.find((id) => id !== l && id !== killed[0])!;
        await stopServers(dir, [victim], 'SIGKILL');
        killed.push(victim);
        await pause(300);
        await startServers(dir, cluster, [victim]);
      }
    })();
    const [{ history }] = await Promise.all([runLoad({ cluster, clients: 2, durationMs: 4500, thinkMs: 30, maxOpsPerClient: 80, keys: 2, traceDir: clientTraceDir(dir) }), faults]);
    // Stopped, so that no process is left (every step's lines were written when it was taken).
    await stopServers(dir, ids, 'SIGTERM');
    for (const id of ids) expect(runningPid(dir, id)).toBeNull();
    const t1 = performance.now();

    const answered = history.filter((op) => op.ret !== null);
    expect(killed.length).toBe(2);
    expect(answered.length).toBeGreaterThan(30);
    const verdict = checkLinearizable(history);
    if (!verdict.ok) throw new Error(verdict.explanation);

    const merged = mergeClusterTraces(dir, cluster);
    writeFileSync(join(dir, 'merged.ndjson'), merged.text);
    expect(merged.restarts).toBe(2);
    const report = await checkTrace(parseTrace(join(dir, 'merged.ndjson'), merged.text));
    const t2 = performance.now();
    console.log(`traced kill -9 test: ${history.length} operations (${answered.length} answered), killed ${killed.join(', ')}; ${merged.lines} merged lines (${merged.cut} cut at restarts); run ${((t1 - t0) / 1000).toFixed(1)} s, merge and check ${((t2 - t1) / 1000).toFixed(1)} s`);
    expect(report.failure?.diagnosis.headline).toBeUndefined();
    expect(report.checked).toBe(report.steps);
    // Every answered command was requested and received in the trace, and the killed leader's restart is an Abandon.
    expect(report.actions.get('Receive')).toBe(answered.length);
    expect(report.actions.get('Abandon')).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
