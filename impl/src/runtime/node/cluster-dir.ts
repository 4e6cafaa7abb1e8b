// A cluster on this machine, kept in one directory:
//   DATA/cluster.json   the cluster file (cluster-file.ts), written once
//   DATA/<id>/          a server's stable storage, its pid file and its log
// Starting is idempotent: servers that are not running are started, so the
// same command brings back a server that was killed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readClusterFile, type ClusterFile } from './cluster-file.ts';

const PAXOS_BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../bin/paxos.js');

export const clusterFilePath = (dir: string) => join(dir, 'cluster.json');
const pidFile = (dir: string, id: string) => join(dir, id, 'pid');

/** A TCP port free right now on loopback (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * The directory's cluster file, written first if there is none.  Tracing
 * is chosen at the first start: a trace must begin at the spec's Init.
 */
export async function ensureClusterFile(dir: string, nodes: number, opts: { window?: number; maxBatch?: number; trace?: boolean } = {}): Promise<ClusterFile> {
  const file = clusterFilePath(dir);
  if (existsSync(file)) {
    const c = readClusterFile(file);
    if (c.servers.length !== nodes) throw new Error(`${file}: field servers: the cluster here has ${c.servers.length} servers, not ${nodes} (use another --dir, or --nodes ${c.servers.length})`);
    if (opts.trace && !c.trace) throw new Error(`${file}: field trace: this cluster was first started without --trace, and a trace must begin with its first start (use a new --dir)`);
    return c;
  }
  mkdirSync(dir, { recursive: true });
  const ports = new Set<number>();
  while (ports.size < 2 * nodes) ports.add(await freePort());
  const p = [...ports];
  const cluster: ClusterFile = {
    format: 'paxos-ref/cluster',
    version: 1,
    key: randomBytes(32).toString('hex'),
    servers: Array.from({ length: nodes }, (_, i) => ({ id: `s${i}`, peerPort: p[2 * i]!, clientPort: p[2 * i + 1]! })),
    // Measured on loopback with fsync (bench/RESULTS.md): 128 and 64 beat 32
    // and 16 at 64 and 128 clients, in throughput and in p99 latency.
    window: opts.window ?? 128,
    maxBatch: opts.maxBatch ?? 64,
    ...(opts.trace ? { trace: true } : {}),
  };
  writeFileSync(file, `${JSON.stringify(cluster, null, 2)}\n`, { mode: 0o600 });
  return cluster;
}

export function runningPid(dir: string, id: string): number | null {
  const f = pidFile(dir, id);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return isZombie(pid) ? null : pid;
}

/**
 * A killed server whose parent is gone waits as a zombie until init reaps
 * it, and signal 0 still reaches a zombie: without this, `cluster start`
 * right after a kill -9 took the dead server for a running one and did not
 * restart it.  (Linux only: elsewhere there is no /proc to ask.)
 */
function isZombie(pid: number): boolean {
  try {
    // The state follows the command name in parentheses, which may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** Start one server as a detached process; its output goes to DATA/<id>/node.log. */
export function spawnServer(dir: string, id: string): number {
  mkdirSync(join(dir, id), { recursive: true });
  const log = openSync(join(dir, id, 'node.log'), 'a');
  const child = spawn(process.execPath, [PAXOS_BIN, 'node', '--dir', dir, '--id', id], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(pidFile(dir, id), `${child.pid}\n`);
  return child.pid!;
}

/** Resolves when the server answers a status request on its client port. */
export async function waitReady(cluster: ClusterFile, id: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await status(cluster, id, 500).catch(() => null);
    if (s && s.starting !== true) return s;
    if (Date.now() > deadline) throw new Error(`${id} did not come up within ${timeoutMs} ms (see its node.log)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ask a server who it is and whether it leads. */
export function status(cluster: ClusterFile, id: string, timeoutMs = 1000): Promise<Record<string, unknown>> {
  const addr = cluster.servers.find((s) => s.id === id);
  if (!addr) return Promise.reject(new Error(`no server ${id}`));
  return new Promise((resolveStatus, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${id}: no status within ${timeoutMs} ms`));
    }, timeoutMs);
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      buf += c;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.destroy();
      try {
        resolveStatus(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
      } catch (e) {
        reject(e as Error);
      }
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.connect(addr.clientPort, '127.0.0.1', () => socket.write('{"type":"status"}\n'));
  });
}

/** Signal a server's process; SIGKILL is the crash the fault test deals in. */
export function signalServer(dir: string, id: string, signal: NodeJS.Signals): boolean {
  const pid = runningPid(dir, id);
  if (pid === null) return false;
  process.kill(pid, signal);
  return true;
}

/** Start each named server that is not running, then wait until every one of them answers; the ids started. */
export async function startServers(dir: string, cluster: ClusterFile, ids: readonly string[] = cluster.servers.map((s) => s.id)): Promise<string[]> {
  const started = ids.filter((id) => runningPid(dir, id) === null);
  for (const id of started) spawnServer(dir, id);
  for (const id of ids) await waitReady(cluster, id);
  return started;
}

/** Send `signal` to each named server that runs, and wait until each is gone; the ids signalled. */
export async function stopServers(dir: string, ids: readonly string[], signal: NodeJS.Signals): Promise<string[]> {
  const signalled = ids.filter((id) => signalServer(dir, id, signal));
  for (const id of signalled) await waitExit(dir, id);
  return signalled;
}

/** Resolves once the process is gone. */
export async function waitExit(dir: string, id: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (runningPid(dir, id) !== null) {
    if (Date.now() > deadline) throw new Error(`${id} did not exit within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  rmSync(pidFile(dir, id), { force: true });
}
