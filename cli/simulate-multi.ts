// `paxos simulate --protocol multi`: run the Multi-Paxos reducers (3
// servers, closed-loop clients on a small key-value workload) under faults
// from a seed, checking the spec's safety properties after every step and
// the clients' history for linearizability at the end; optionally write
// the trace for `paxos trace-check`.
import { closeSync, openSync, writeSync } from 'node:fs';
import pc from 'picocolors';
import { MULTI_BUG_CATALOGUE, type MultiBugs, type MultiBugName } from '../impl/src/multi/bugs.ts';
import { parseFaults, showFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateMulti, type TracedMultiEvent } from '../impl/src/runtime/sim-multi/run.ts';
import { multiSimHeader, multiTraceLine } from '../impl/src/runtime/sim-multi/trace.ts';
import { createProgress, formatCount, formatSeconds } from './progress.ts';

export interface MultiSimulateFlags {
  seed: number;
  steps: number;
  faults: string;
  clients?: number;
  servers?: number;
  window?: number;
  maxBatch?: number;
  think?: number;
  bug?: string[];
  trace?: string;
}

/** `repropose-lowest-vote` for reproposeLowestVote: the --bug names of the Multi-Paxos catalogue. */
export const multiBugFlag = (name: MultiBugName) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function multiBugsFromNames(names: readonly string[]): MultiBugs {
  const known = new Map(MULTI_BUG_CATALOGUE.map((b) => [multiBugFlag(b.name), b.name]));
  const bugs: { -readonly [K in keyof MultiBugs]: MultiBugs[K] } = {};
  for (const n of names) {
    const key = known.get(n);
    if (!key) throw new Error(`--bug: unknown Multi-Paxos bug '${n}' (known: ${[...known.keys()].join(', ')})`);
    bugs[key] = true;
  }
  return bugs;
}

export function runSimulateMulti(flags: MultiSimulateFlags): number {
  const faults = parseFaults(flags.faults);
  const bugs = multiBugsFromNames(flags.bug ?? []);
  const opts = {
    seed: flags.seed,
    steps: flags.steps,
    faults,
    servers: flags.servers ?? 3,
    clients: flags.clients ?? 3,
    window: flags.window ?? 8,
    maxBatch: flags.maxBatch ?? 16,
    think: flags.think ?? 10,
    bugs,
  };
  const fd = flags.trace ? openSync(flags.trace, 'w') : undefined;
  const progress = createProgress();
  let lines = 0;
  const write = (text: string) => {
    if (fd !== undefined) writeSync(fd, `${text}\n`);
    lines++;
  };
  if (fd !== undefined) write(multiSimHeader(opts));
  let lastSeq = 0;
  const onEvent = (e: TracedMultiEvent) => {
    if (fd !== undefined) write(multiTraceLine(e));
    if (e.seq - lastSeq >= 20_000) {
      lastSeq = e.seq;
      progress.update(`simulate: ${formatCount(e.seq)} lines, t=${formatCount(e.time)}`);
    }
  };
  const started = performance.now();
  let result;
  try {
    result = simulateMulti({ ...opts, onEvent });
  } finally {
    progress.clear();
    if (fd !== undefined) closeSync(fd);
  }
  const wall = (performance.now() - started) / 1000;
  const f = result.faults;
  console.log(`paxos simulate --protocol multi: seed ${flags.seed}, ${formatCount(result.steps)} steps, faults ${showFaults(faults)}`);
  console.log(`  cluster: ${opts.servers} servers (${result.config.servers.join(' ')}), each acceptor, leader and replica; ${opts.clients} clients (closed loop); window ${opts.window}, batches of up to ${opts.maxBatch}`);
  console.log(`  commands committed: ${formatCount(result.committed)} (${formatCount(result.answered)} answered; every live replica applied ${formatCount(result.applied.min)} slots; every server forgot at least ${formatCount(result.forgotten.min)}, at most ${formatCount(result.forgotten.max)})`);
  const perSecond = result.time > 0 ? (result.committed * 1000) / result.time : 0;
  console.log(`  throughput: ${perSecond.toFixed(1)} commands per simulated second (${formatCount(result.time)} time units of 1 ms; ${formatSeconds(wall)} of wall clock)`);
  console.log(`  leader changes: ${formatCount(result.leaderChanges)}`);
  console.log(
    `  faults injected: ${formatCount(f.lost)} messages lost, ${formatCount(f.duplicated)} duplicated, ${formatCount(f.crashes)} crashes (${formatCount(f.leaderCrashes)} of the leader), ${formatCount(f.partitions)} partitions (${formatCount(f.leaderPartitions)} isolating the leader)`,
  );
  if (flags.trace) console.log(`  trace: ${flags.trace} (${formatCount(lines)} lines)`);
  const red = pc.isColorSupported ? pc.red : (s: string) => s;
  if (result.violation) {
    const v = result.violation;
    console.log(red(`  VIOLATION at step ${v.step}: ${v.violation.kind}: ${v.violation.message}`));
    const bugFlags = flags.bug && flags.bug.length > 0 ? ` --bug ${flags.bug.join(' ')}` : '';
    console.log(`  replay: paxos simulate --protocol multi --seed ${flags.seed} --steps ${v.step} --faults ${flags.faults}${bugFlags}${flags.trace ? ` --trace ${flags.trace}` : ''}`);
    return 1;
  }
  console.log(`  safety: SlotAgreement, LogPrefix, NoDoubleExecution and AppliedWasRequested held after every step, and no server forgot a slot another had not applied (0 violations)`);
  const lin = result.linearizable!;
  const ops = `${formatCount(result.history.length)} operations, ${formatCount(result.history.length - result.answered)} never answered`;
  if (lin.ok) {
    console.log(`  linearizable: yes (${ops})`);
    return 0;
  }
  console.log(red(`  linearizable: NO (${ops})`));
  for (const line of lin.explanation.split('\n')) console.log(`    ${line}`);
  return 1;
}
