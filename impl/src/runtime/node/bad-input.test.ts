// Bad input at a real node: a damaged log stops it before it serves (one
// line naming the file and offset, the file left as it was); a forged, an
// oversized or a malformed frame from a peer, and a bad line from a client,
// close that connection with the reason logged, and the node serves on.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureClusterFile, startServers, status, stopServers } from './cluster-dir.ts';
import type { ClusterFile } from './cluster-file.ts';
import { encodeWireFrame } from './net/wire-frames.ts';
import { encodeFrame } from './storage/log-frames.ts';

const BIN = resolve(__dirname, '../../../../bin/paxos.js');

/** Connect, write, and resolve with what came back once the server closed the connection. */
function exchange(port: number, data: Buffer | string): Promise<string> {
  return new Promise((done, fail) => {
    const s = new Socket();
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (got += c));
    s.on('close', () => done(got));
    s.on('error', fail);
    s.connect(port, '127.0.0.1', () => s.write(data));
  });
}

describe('a damaged log', () => {
  test('the node refuses to start, with one line naming the file and offset, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-corrupt-'));
    await ensureClusterFile(dir, 3);
    mkdirSync(join(dir, 's0'));
    const frames = Array.from({ length: 12 }, (_, i) => encodeFrame([{ rec: 'votes', bal: 0, first: 1 + i, entries: [{ kind: 'noop' }] }, 'x'.repeat(100_000)]));
    const log = Buffer.concat(frames);
    const at = frames[0]!.length + 20; // inside the second frame: synced data
    log[at] = log[at]! ^ 0x55;
    const file = join(dir, 's0', 'wal-0.log');
    writeFileSync(file, log);
    const r = spawnSync(process.execPath, [BIN, 'node', '--dir', dir, '--id', 's0'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`paxos: ${file}: offset ${frames[0]!.length}: frame 1: a checksum mismatch, with ${log.length - frames[0]!.length} bytes after it: more than the last write, so synced data is damaged; the node will not start on damaged stable storage (restore the file: a server that lost its log has forgotten promises and votes, and must not rejoin as itself)`);
    expect(readFileSync(file).equals(log)).toBe(true);
  });
});

describe('bad frames and lines at a running node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-badframe-'));
  let cluster: ClusterFile;
  beforeAll(async () => {
    cluster = await ensureClusterFile(dir, 3);
    await startServers(dir, cluster, ['s0']);
  });
  afterAll(async () => {
    await stopServers(dir, ['s0'], 'SIGKILL');
  });
  const nodeLog = () => readFileSync(join(dir, 's0', 'node.log'), 'utf8');

  test('a frame under another key is refused and logged; the node serves on', async () => {
    await exchange(cluster.servers[0]!.peerPort, encodeWireFrame(Buffer.from('not the cluster key'), { hello: 's1' }));
    expect(nodeLog()).toMatch(/peer connection from 127\.0\.0\.1:\d+ closed: a frame whose MAC does not match the cluster key/);
    expect((await status(cluster, 's0')).id).toBe('s0');
  });

  test('an oversized frame is refused from its length alone', async () => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(0x7fff_ffff, 0);
    await exchange(cluster.servers[0]!.peerPort, length);
    expect(nodeLog()).toContain('closed: a frame of 2147483647 bytes announced, over the 4194304-byte limit');
    expect((await status(cluster, 's0')).id).toBe('s0');
  });

  test('an authenticated frame that is no message is refused, naming the field', async () => {
    const key = Buffer.from(cluster.key, 'hex');
    await exchange(cluster.servers[0]!.peerPort, Buffer.concat([encodeWireFrame(key, { hello: 's1' }), encodeWireFrame(key, { msg: { type: '2a', bal: 0, first: 0, entries: [] } })]));
    expect(nodeLog()).toContain('(s1) closed: 2a: field first: not a slot (an integer >= 1)');
    expect((await status(cluster, 's0')).id).toBe('s0');
  });

  test('a client line that is not JSON gets an error line naming the line, and the connection closes', async () => {
    const answer = await exchange(cluster.servers[0]!.clientPort, '{"type":"status"}\nnot json\n');
    const lines = answer.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.type).toBe('status');
    expect(lines[1]).toEqual({ type: 'error', line: 2, error: 'not JSON' });
    expect((await status(cluster, 's0')).id).toBe('s0');
  });

  test('a Lamport clock that is not a non-negative integer closes the connection, naming the field', async () => {
    const key = Buffer.from(cluster.key, 'hex');
    await exchange(cluster.servers[0]!.peerPort, Buffer.concat([encodeWireFrame(key, { hello: 's1' }), encodeWireFrame(key, { msg: { type: '1a', bal: 1, from: 1 }, lc: -3 })]));
    expect(nodeLog()).toContain('(s1) closed: field lc: not a non-negative integer (-3)');
    const answer = await exchange(cluster.servers[0]!.clientPort, `${JSON.stringify({ type: 'request', client: 'c1', id: 1, cmd: { op: 'get', key: 'x' }, lc: 'soon' })}\n`);
    expect(JSON.parse(answer.trim())).toEqual({ type: 'error', line: 1, error: 'field lc: not a non-negative integer' });
    expect((await status(cluster, 's0')).id).toBe('s0');
  });
});
