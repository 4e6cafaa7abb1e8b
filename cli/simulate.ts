// `paxos simulate`: run the Basic Paxos reducers under injected faults, from
// a seed, checking safety after every step; optionally write the trace.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { parseFaults, showFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulate, type TracedEvent } from '../impl/src/runtime/sim/run.ts';
import { traceHeader, traceLine } from '../impl/src/runtime/sim/trace.ts';
import { addClusterOptions, clusterConfig, nonNegativeInt, positiveInt, type ClusterFlags } from './cluster-options.ts';
import { createProgress, formatCount } from './progress.ts';
import { runSimulateMulti } from './simulate-multi.ts';

interface SimulateFlags extends ClusterFlags {
  protocol: 'basic' | 'multi';
  seed: number;
  steps: number;
  faults: string;
  clients?: number;
  window?: number;
  maxBatch?: number;
  think?: number;
  trace?: string;
}

export function addSimulateCommand(program: Command): void {
  const cmd = program
    .command('simulate')
    .description('run the reducers under faults from a seed, checking safety after every step (Basic: Agreement, Validity, LearnedIsChosen; Multi: per-slot agreement, log prefixes, no double execution, and a linearizable client history)')
    .addOption(new Option('--protocol <protocol>', 'basic: single-decree instances; multi: a replicated key-value log').choices(['basic', 'multi']).default('basic'))
    .option('--seed <n>', 'random seed: the same seed gives the same run', nonNegativeInt('--seed'), 1)
    .option('--steps <n>', 'events to simulate', positiveInt('--steps'), 10_000)
    .option('--faults <list>', 'e.g. loss=0.2,dup=0.1,crash=0.01,partition=0.001,delay=1-10', 'none')
    .option('--clients <n>', 'basic: clients per instance, each requesting its own value (default 2); multi: closed-loop clients (default 3)', positiveInt('--clients'))
    .option('--window <n>', 'multi: slots a leader may run ahead of what it applied (default 8)', positiveInt('--window'))
    .option('--max-batch <n>', 'multi: commands per 2a at most (default 16)', positiveInt('--max-batch'))
    .option('--think <n>', "multi: longest pause between an answer and a client's next command (default 10)", nonNegativeInt('--think'))
    .option('--trace <file>', 'write the trace (NDJSON) to this file');
  addClusterOptions(cmd, { servers: 3 }).action((flags: SimulateFlags) => {
    process.exitCode = flags.protocol === 'multi' ? runMulti(flags) : runSimulate(flags);
  });
}

function runMulti(flags: SimulateFlags): number {
  const basicOnly = (['proposers', 'acceptors', 'learners', 'weights'] as const).filter((k) => flags[k] !== undefined);
  if (basicOnly.length > 0) throw new Error(`--${basicOnly[0]} is for --protocol basic; a Multi-Paxos cluster is --servers N`);
  return runSimulateMulti(flags);
}

export function runSimulate(flags: SimulateFlags): number {
  for (const k of ['window', 'maxBatch', 'think'] as const) if (flags[k] !== undefined) throw new Error(`--${k === 'maxBatch' ? 'max-batch' : k} is for --protocol multi`);
  const config = clusterConfig(flags, { servers: 3 });
  const faults = parseFaults(flags.faults);
  const color = pc.isColorSupported;
  const fd = flags.trace ? openSync(flags.trace, 'w') : undefined;
  const progress = createProgress();
  let lines = 0;
  const write = (text: string) => {
    if (fd !== undefined) writeSync(fd, `${text}\n`);
    lines++;
  };
  if (fd !== undefined) write(traceHeader(config, { kind: 'simulate', seed: flags.seed, steps: flags.steps, faults }));
  let lastSeq = 0;
  const onEvent = (e: TracedEvent) => {
    write(traceLine(e));
    if (e.seq - lastSeq >= 5000) {
      lastSeq = e.seq;
      progress.update(`simulate: ${formatCount(e.seq)} events, instance ${e.instance}`);
    }
  };
  let result;
  try {
    result = simulate({ config, seed: flags.seed, steps: flags.steps, faults, clients: flags.clients ?? 2, onEvent });
  } finally {
    progress.clear();
    if (fd !== undefined) closeSync(fd);
  }
  const roles =
    config.proposers === config.acceptors
      ? `${config.acceptors.length} servers (${config.acceptors.join(' ')}), each proposer, acceptor and learner`
      : `proposers ${config.proposers.join(' ')}; acceptors ${config.acceptors.join(' ')}; learners ${config.learners.join(' ')}`;
  console.log(`paxos simulate: seed ${flags.seed}, ${formatCount(result.steps)} steps, faults ${showFaults(faults)}`);
  console.log(`  cluster: ${roles}`);
  console.log(`  instances: ${formatCount(result.instancesStarted)} started, ${formatCount(result.decisions.length)} decided`);
  const f = result.faults;
  console.log(`  faults injected: ${formatCount(f.lost)} messages lost, ${formatCount(f.duplicated)} duplicated, ${formatCount(f.crashes)} crashes, ${formatCount(f.partitions)} partitions`);
  if (flags.trace) console.log(`  trace: ${flags.trace} (${formatCount(lines)} lines)`);
  if (!result.violation) {
    console.log(`  safety: Agreement, Validity and LearnedIsChosen held after every step (0 violations)`);
    return 0;
  }
  const v = result.violation;
  const red = color ? pc.red : (s: string) => s;
  console.log(red(`  VIOLATION at step ${v.step} (instance ${v.instance}): ${v.message}`));
  console.log(`  replay: paxos simulate --seed ${flags.seed} --steps ${v.step} --faults ${flags.faults}${flags.bug ? ` --bug ${flags.bug.join(' ')}` : ''}`);
  console.log(`  the instance's events, in order:`);
  for (const e of v.events) console.log(`    ${describeEvent(e)}`);
  return 1;
}

function describeEvent(e: TracedEvent): string {
  const msg = (m: object) => JSON.stringify(m);
  switch (e.kind) {
    case 'step': {
      const what = e.input.kind === 'receive' ? `receives ${msg(e.input.msg)} from ${e.input.from}` : e.input.kind === 'timer' ? `timer ${e.input.timer} (ballot ${e.input.bal})` : 'recovers';
      const { action, ...params } = e.action;
      const sent = e.sent.length ? `; sends ${e.sent.map((s) => `${s.msg.type}→${s.to}`).join(' ')}` : '';
      return `#${e.seq} t=${e.time} ${e.node} ${what}: ${action}${Object.keys(params).length ? ` ${msg(params)}` : ''}${sent}`;
    }
    case 'request':
      return `#${e.seq} t=${e.time} client ${e.client} requests ${e.val} from ${e.to}`;
    case 'lost':
      return `#${e.seq} t=${e.time} lost (${e.why}): ${msg(e.msg)} ${e.from}→${e.to}`;
    case 'duplicated':
      return `#${e.seq} t=${e.time} duplicated: ${msg(e.msg)} ${e.from}→${e.to}`;
    case 'crash':
      return `#${e.seq} t=${e.time} ${e.node} crashes (${e.action.action})`;
    case 'recover':
      return `#${e.seq} t=${e.time} ${e.node} restarts from its disk`;
    case 'partition':
      return `#${e.seq} t=${e.time} partition ${e.groups.map((g) => `{${g.join(' ')}}`).join(' | ')}`;
    case 'heal':
      return `#${e.seq} t=${e.time} partition heals`;
  }
}
