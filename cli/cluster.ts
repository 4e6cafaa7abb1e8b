// The real cluster from the command line:
//   paxos cluster start --nodes 3 --dir DATA    start the servers that are not running; print ports and pids
//   paxos cluster start --trace ...            every server and client writes its trace (DATA/<id>/trace.ndjson, DATA/clients/)
//   paxos cluster merge-traces --dir DATA --out t.ndjson   one trace for paxos trace-check
//   paxos cluster status|stop --dir DATA
//   paxos client put K V | get K  [--dir DATA]  one command through the cluster
//   paxos load --clients N --duration S         closed-loop load: throughput, latency percentiles
//   paxos node --dir DATA --id s0               one server in the foreground (what `cluster start` runs)
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { readClusterFile } from '../impl/src/runtime/node/cluster-file.ts';
import { clusterFilePath, ensureClusterFile, runningPid, startServers, status, stopServers } from '../impl/src/runtime/node/cluster-dir.ts';
import { KvClient } from '../impl/src/runtime/node/kv-client.ts';
import { percentile, runLoad } from '../impl/src/runtime/node/load.ts';
import { checkLinearizable } from '../impl/src/kv/linearizability.ts';
import { ServerHost } from '../impl/src/runtime/node/server-host.ts';
import { positiveInt } from './cluster-options.ts';
import { mergeClusterTraces } from '../impl/src/runtime/node/trace/merge-traces.ts';
import { clientTraceDir, clientTracePath, serverTracePath } from '../impl/src/runtime/node/trace/trace-file.ts';

const DEFAULT_DIR = 'paxos-data';

export function addClusterCommands(program: Command): void {
  program
    .command('node')
    .description('run one server of a cluster in the foreground (paxos cluster start runs these)')
    .requiredOption('--id <id>', 'the server, as named in DATA/cluster.json')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (o: { id: string; dir: string }) => runNode(o.dir, o.id));

  const cluster = program.command('cluster').description('a Multi-Paxos cluster of real processes on loopback');
  cluster
    .command('start')
    .description('start every server of the cluster that is not running (creating DATA/cluster.json the first time)')
    .option('--nodes <n>', 'servers', positiveInt('--nodes'), 3)
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .option('--trace', 'every server and client writes its trace, for paxos cluster merge-traces (only at the first start; restarts keep it)')
    .action(async (o: { nodes: number; dir: string; trace?: boolean }) => {
      const c = await ensureClusterFile(o.dir, o.nodes, { trace: o.trace === true });
      const started = await startServers(o.dir, c);
      console.log(`paxos cluster: ${c.servers.length} servers in ${o.dir} (${started.length ? `started ${started.join(', ')}` : 'all were running'})`);
      for (const s of c.servers) console.log(`  ${s.id}  pid ${runningPid(o.dir, s.id)}  clients on 127.0.0.1:${s.clientPort}  peers on 127.0.0.1:${s.peerPort}  log ${join(o.dir, s.id, 'node.log')}${c.trace ? `  trace ${serverTracePath(o.dir, s.id)}` : ''}`);
    });
  cluster
    .command('merge-traces')
    .description('merge the per-node traces of a cluster started with --trace into one trace, in Lamport-clock order, for paxos trace-check')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .requiredOption('--out <file>', 'where to write the merged trace (NDJSON)')
    .action((o: { dir: string; out: string }) => {
      const c = readClusterFile(clusterFilePath(o.dir));
      if (!c.trace) throw new Error(`${clusterFilePath(o.dir)}: field trace: this cluster was not started with --trace; there is nothing to merge`);
      const running = c.servers.filter((s) => runningPid(o.dir, s.id) !== null).map((s) => s.id);
      const merged = mergeClusterTraces(o.dir, c);
      writeFileSync(o.out, merged.text);
      console.log(`paxos cluster: ${merged.lines} lines from ${merged.servers} servers and ${merged.clients} clients (${merged.restarts} restarts; ${merged.cut} lines of steps that killed servers never made durable left out) -> ${o.out}`);
      // Running servers may have steps still on their way to their files: the merge is of what was written.
      if (running.length > 0) console.log(`  note: ${running.join(', ')} still running; the trace ends where their files ended`);
    });
  cluster
    .command('status')
    .description('who runs, who leads, how far each has applied')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (o: { dir: string }) => {
      const c = readClusterFile(clusterFilePath(o.dir));
      for (const s of c.servers) {
        const st = await status(c, s.id).catch((e: Error) => ({ down: e.message }));
        console.log(`  ${s.id}  ${'down' in st ? `down (${st.down})` : `pid ${st.pid}, ${st.leading ? `LEADER of ballot ${st.ballot}` : `follower (leader: ${st.knownLeader ?? 'unknown'})`}, applied 1..${st.applied}${st.forgotten ? `, forgotten 1..${st.forgotten}` : ''}`}`);
      }
    });
  cluster
    .command('stop')
    .description('stop every server (SIGTERM)')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (o: { dir: string }) => {
      const c = readClusterFile(clusterFilePath(o.dir));
      const stopped = await stopServers(o.dir, c.servers.map((s) => s.id), 'SIGTERM');
      console.log(`paxos cluster: stopped ${stopped.length ? stopped.join(', ') : 'nothing (no server was running)'}`);
    });

  const client = program.command('client').description('one command through the cluster');
  const run = async (dir: string, cmd: Parameters<KvClient['call']>[0]) => {
    const c = readClusterFile(clusterFilePath(dir));
    const name = `cli-${process.pid}-${randomBytes(4).toString('hex')}`;
    const kv = new KvClient(c, name, c.trace ? { trace: clientTracePath(clientTraceDir(dir), name) } : {});
    try {
      const done = await kv.call(cmd, 10_000);
      console.log(done.result.op === 'get' ? (done.result.value ?? '(none)') : 'ok');
    } finally {
      kv.close();
    }
  };
  client
    .command('put')
    .argument('<key>')
    .argument('<value>')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (key: string, value: string, o: { dir: string }) => run(o.dir, { op: 'put', key, value }));
  client
    .command('get')
    .argument('<key>')
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (key: string, o: { dir: string }) => run(o.dir, { op: 'get', key }));
}

const MAX_VALUE_BYTES = 60_000;

function valueBytes(value: string): number {
  const n = positiveInt('--value-bytes')(value);
  if (n > MAX_VALUE_BYTES) throw new InvalidArgumentError(`--value-bytes takes at most ${MAX_VALUE_BYTES} (a client line is at most 64 KiB), got '${value}'`);
  return n;
}

export function addLoadCommand(program: Command): void {
  program
    .command('load')
    .description('closed-loop load on the running cluster: N clients, each one command at a time; prints throughput and latency percentiles')
    .option('--clients <n>', 'concurrent clients', positiveInt('--clients'), 16)
    .option('--duration <s>', 'seconds of load', positiveInt('--duration'), 10)
    .option('--puts <share>', 'share of puts among the commands, 0..1', shareOf('--puts'), 1)
    .option('--check', 'check the clients\' history for linearizability afterwards')
    .option('--connection-per-client', 'each client on connections of its own (default: the clients share one connection per server)')
    .option('--value-bytes <n>', `each put's value padded to n characters (at most ${MAX_VALUE_BYTES}: a client line is at most 64 KiB)`, valueBytes)
    .option('--dir <dir>', 'the cluster directory', DEFAULT_DIR)
    .action(async (o: { clients: number; duration: number; puts: number; check?: boolean; connectionPerClient?: boolean; valueBytes?: number; dir: string }) => {
      const cluster = readClusterFile(clusterFilePath(o.dir));
      const r = await runLoad({
        cluster,
        clients: o.clients,
        durationMs: o.duration * 1000,
        puts: o.puts,
        keys: Math.max(3, o.clients),
        connectionPerClient: o.connectionPerClient === true,
        ...(o.valueBytes === undefined ? {} : { valueBytes: o.valueBytes }),
        ...(cluster.trace ? { traceDir: clientTraceDir(o.dir) } : {}),
      });
      const done = r.history.filter((op) => op.ret !== null);
      const writes = done.filter((op) => op.command.op === 'put').length;
      const lat = [...r.latencies].sort((a, b) => a - b);
      console.log(`paxos load: ${o.clients} clients for ${r.seconds.toFixed(1)} s on ${cluster.servers.length} servers`);
      console.log(`  committed: ${writes} writes (${Math.round(writes / r.seconds)}/s), ${done.length} operations (${Math.round(done.length / r.seconds)}/s); ${r.history.length - done.length} without an answer`);
      console.log(`  latency: p50 ${percentile(lat, 50).toFixed(2)} ms, p99 ${percentile(lat, 99).toFixed(2)} ms, max ${(lat.at(-1) ?? NaN).toFixed(2)} ms`);
      if (o.check) {
        const v = checkLinearizable(r.history);
        console.log(`  linearizable: ${v.ok ? 'yes' : `NO\n${v.explanation}`}`);
        if (!v.ok) process.exitCode = 1;
      }
    });
}

function shareOf(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`${flag} takes a number from 0 to 1, got '${value}'`);
    return n;
  };
}

async function runNode(dir: string, id: string): Promise<void> {
  const log = (line: string) => console.log(`${new Date().toISOString()} ${id} ${line}`);
  const cluster = readClusterFile(clusterFilePath(dir));
  const host = await ServerHost.start({
    cluster,
    id,
    dir: join(dir, id),
    ...(cluster.trace ? { trace: serverTracePath(dir, id) } : {}),
    log,
    onFatal: (e) => {
      log(`FATAL: ${e.message}`);
      process.exit(70);
    },
  });
  log(`serving: clients on 127.0.0.1:${cluster.servers.find((s) => s.id === id)!.clientPort}, pid ${process.pid}`);
  const stop = () => {
    log('stopping (SIGTERM)');
    void host.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
