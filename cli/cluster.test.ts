// The README's real-cluster walk-through, as a user types it: start three
// processes, put, get, kill -9 the leader, get again, start brings it back,
// stop leaves no process; and the errors a wrong directory or file gets.
// With --trace: the same walk, its per-node traces merged and trace-checked,
// and a damaged node trace refused with one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../modelcheck/src/models.ts';
import { runningPid, signalServer, stopServers, waitExit } from '../impl/src/runtime/node/cluster-dir.ts';

function paxos(args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'paxos.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-cluster-'));
const traced = mkdtempSync(join(tmpdir(), 'paxos-cli-traced-'));
afterAll(async () => {
  for (const d of [dir, traced]) await stopServers(d, ['s0', 's1', 's2'], 'SIGKILL');
});

describe('paxos cluster / client', () => {
  test('start, put, get, kill -9 the leader, get, start again, stop', async () => {
    const started = paxos(['cluster', 'start', '--nodes', '3', '--dir', dir]);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^paxos cluster: 3 servers in .* \(started s0, s1, s2\)\n {2}s0 {2}pid \d+ {2}clients on 127\.0\.0\.1:\d+/);
    expect(paxos(['client', 'put', 'x', '1', '--dir', dir]).stdout).toBe('ok\n');
    expect(paxos(['client', 'get', 'x', '--dir', dir]).stdout).toBe('1\n');
    const st = paxos(['cluster', 'status', '--dir', dir]).stdout;
    const leader = /(s\d) {2}pid \d+, LEADER/.exec(st)?.[1];
    expect(leader).toBeDefined();
    signalServer(dir, leader!, 'SIGKILL');
    await waitExit(dir, leader!);
    expect(paxos(['client', 'get', 'x', '--dir', dir]).stdout).toBe('1\n');
    expect(paxos(['client', 'put', 'x', '2', '--dir', dir]).stdout).toBe('ok\n');
    expect(paxos(['cluster', 'start', '--dir', dir]).stdout).toContain(`(started ${leader})`);
    expect(readFileSync(join(dir, leader!, 'node.log'), 'utf8')).toMatch(/recovered: promised \d+, began \d+, \d+ vote\(s\), \d+ decided slot\(s\)/);
    expect(paxos(['client', 'get', 'x', '--dir', dir]).stdout).toBe('2\n');
    const stopped = paxos(['cluster', 'stop', '--dir', dir]);
    expect(stopped.stdout).toBe('paxos cluster: stopped s0, s1, s2\n');
    for (const id of ['s0', 's1', 's2']) expect(runningPid(dir, id)).toBeNull();
  }, 120_000);

  test('a directory without a cluster, and a cluster file with a bad field, get one line naming the file', () => {
    const none = join(dir, 'nothing-here');
    const r = paxos(['client', 'get', 'x', '--dir', none]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(`paxos: ${join(none, 'cluster.json')}: cannot read it (ENOENT)\n`);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'cluster.json'), JSON.stringify({ format: 'paxos-ref/cluster', version: 1, key: 'zz' }));
    const b = paxos(['cluster', 'status', '--dir', bad]);
    expect(b.code).not.toBe(0);
    expect(b.stderr).toBe(`paxos: ${join(bad, 'cluster.json')}: field key: expected at least 16 bytes as lowercase hex\n`);
  });

  test('--trace: put, kill -9 the leader, put, start again, stop; merge-traces; trace-check passes; a damaged node trace gets one line', async () => {
    expect(paxos(['cluster', 'start', '--trace', '--dir', traced]).code).toBe(0);
    expect(paxos(['client', 'put', 'x', '1', '--dir', traced]).stdout).toBe('ok\n');
    const leader = /(s\d) {2}pid \d+, LEADER/.exec(paxos(['cluster', 'status', '--dir', traced]).stdout)?.[1];
    expect(leader).toBeDefined();
    signalServer(traced, leader!, 'SIGKILL');
    await waitExit(traced, leader!);
    expect(paxos(['client', 'put', 'x', '2', '--dir', traced]).stdout).toBe('ok\n');
    // Restarts keep tracing (cluster.json says so); --trace on a cluster that was started without it is refused.
    expect(paxos(['cluster', 'start', '--dir', traced]).code).toBe(0);
    expect(paxos(['client', 'get', 'x', '--dir', traced]).stdout).toBe('2\n');
    const untraced = paxos(['cluster', 'start', '--trace', '--dir', dir]);
    expect(untraced.code).not.toBe(0);
    expect(untraced.stderr).toMatch(/^paxos: .*cluster\.json: field trace: this cluster was first started without --trace/);
    expect(paxos(['cluster', 'stop', '--dir', traced]).code).toBe(0);

    const out = join(traced, 'merged.ndjson');
    const merged = paxos(['cluster', 'merge-traces', '--dir', traced, '--out', out]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^paxos cluster: \d+ lines from 3 servers and 3 clients \(1 restarts; \d+ lines/);
    const checked = paxos(['trace-check', out]);
    expect(checked.stdout).toContain(`${out}: every step is a step of MultiPaxos`);
    expect(checked.code).toBe(0);

    // A clock field damaged on line 2 of a server's file.
    const file = join(traced, 's1', 'trace.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/^\{"lc":\d+/, '{"lc":"two"');
    writeFileSync(file, lines.join('\n'));
    const bad = paxos(['cluster', 'merge-traces', '--dir', traced, '--out', out]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe(`paxos: ${file}:2: lc: missing or not a positive integer ("two")\n`);
  }, 120_000);
});
