// The client's one timer (kv-client.ts) against scripted servers on
// loopback: it must retry when the reducer says (not before, and not while
// answers come in time), and give up at the call's deadline.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ClusterFile } from './cluster-file.ts';
import { KvClient } from './kv-client.ts';

interface Fake {
  readonly server: Server;
  readonly port: number;
  /** Each request line received, with when (performance.now()). */
  readonly got: { at: number; msg: { client: string; id: number; cmd: { value?: string } } }[];
}

const fakes: Fake[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await new Promise((r) => f.server.close(r));
});

/** A server that records requests and answers them at once, or never. */
async function fake(answers: boolean): Promise<Fake> {
  const got: Fake['got'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (chunk: string) => {
      buf += chunk;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        got.push({ at: performance.now(), msg });
        if (answers) s.write(`${JSON.stringify({ type: 'reply', client: msg.client, id: msg.id, slot: got.length, result: msg.cmd.value ?? null, lc: 1 })}\n`);
      }
    });
    s.on('close', () => sockets.delete(s));
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const f = { server, port, got };
  fakes.push(f);
  return f;
}

function clusterOf(...servers: Fake[]): ClusterFile {
  return { format: 'paxos-ref/cluster', version: 1, key: '00', window: 8, maxBatch: 8, servers: servers.map((f, k) => ({ id: `s${k}`, peerPort: 1, clientPort: f.port })) };
}

describe('KvClient timer', () => {
  test('a request the first server leaves unanswered is sent to the next after the retry delay, not before', async () => {
    const silent = await fake(false);
    const answering = await fake(true);
    const client = new KvClient(clusterOf(silent, answering), 'c1', { retryMs: 50 });
    const start = performance.now();
    const done = await client.call({ op: 'put', key: 'x', value: 'v1' }, 5000);
    client.close();
    expect(done.result).toEqual({ op: 'put' });
    expect(silent.got).toHaveLength(1);
    expect(answering.got).toHaveLength(1);
    // The reducer asks for delay 50 plus up to 50 of jitter, from the first
    // send, which came after `start` (the servers share this clock).
    const waited = answering.got[0]!.at - start;
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(waited).toBeLessThan(1000);
  });

  // The timer is armed once, for the first request's retry, and re-armed
  // when it fires: firing while the current request is not yet due must not
  // retry it.  Fake time, so that the timer fires while a request is out.
  test('the timer firing before the current request is due does not retry it', async () => {
    const answering = await fake(true);
    const other = await fake(true);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const client = new KvClient(clusterOf(answering, other), 'c1', { retryMs: 20 });
      await client.call({ op: 'put', key: 'x', value: 'v1' }, 5000); // the timer is armed for t = 20
      vi.advanceTimersByTime(15);
      const second = client.call({ op: 'put', key: 'x', value: 'v2' }, 5000); // due at 35 at the earliest
      vi.advanceTimersByTime(10); // the timer fires at 20, with v2 out
      await second;
      vi.useRealTimers();
      // Time for a retry, had there been one, to reach the other server.
      await new Promise((r) => setTimeout(r, 100));
      client.close();
      expect(answering.got.map((g) => g.msg.cmd.value)).toEqual(['v1', 'v2']);
      expect(other.got).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a call no server answers fails at its deadline, not before', async () => {
    const silent = await fake(false);
    const client = new KvClient(clusterOf(silent), 'c1', { retryMs: 1000 });
    const start = performance.now();
    await expect(client.call({ op: 'get', key: 'x' }, 120)).rejects.toThrow(/no answer from the cluster within 120 ms/);
    const took = performance.now() - start;
    client.close();
    expect(took).toBeGreaterThanOrEqual(119);
    expect(took).toBeLessThan(1000);
  });
});
