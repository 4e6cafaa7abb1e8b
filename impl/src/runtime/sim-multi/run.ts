// A seeded random run of a Multi-Paxos cluster: closed-loop clients putting
// and getting a few keys, faults injected as the seed decides (loss,
// duplication, delay and reorder by the network; crashes, partitions, and
// both aimed at the leader half the time), safety checked after every
// step, and the clients' history checked for linearizability at the end.
// Same seed and options, same run, line for line.
import { checkLinearizable, type LinearizabilityResult } from '../../kv/linearizability.ts';
import type { History } from '../../kv/history.ts';
import type { MultiBugs } from '../../multi/bugs.ts';
import { makeMultiConfig, type MultiConfig } from '../../multi/config.ts';
import type { NodeId } from '../../multi/messages.ts';
import type { Faults } from '../sim/faults.ts';
import { Rng } from '../sim/rng.ts';
import type { MultiViolation } from './safety.ts';
import { MultiWorld, type MultiWorldEvent, type Workload } from './world.ts';

export interface MultiSimOptions {
  seed: number;
  /** Items processed in all (deliveries, timers, client commands, recoveries, heals). */
  steps: number;
  faults: Faults;
  servers?: number;
  clients?: number;
  /** Spec constants Keys and Vals: keep them small, the trace checker's sets grow with them. */
  keys?: readonly string[];
  vals?: readonly string[];
  window?: number;
  maxBatch?: number;
  /** Longest pause between an answer and a client's next command (uniform in [0, think]). */
  think?: number;
  bugs?: MultiBugs;
  onEvent?: (e: TracedMultiEvent) => void;
}

export type TracedMultiEvent = MultiWorldEvent & { readonly seq: number };

export const DEFAULT_KEYS = ['k1', 'k2', 'k3'] as const;
export const DEFAULT_VALS = ['v1', 'v2', 'v3', 'v4'] as const;

export interface MultiSimResult {
  readonly seed: number;
  readonly steps: number;
  /** Simulated time at the end (time units; the timing defaults read them as milliseconds). */
  readonly time: number;
  /** Distinct client requests decided in some slot. */
  readonly committed: number;
  /** Client operations answered. */
  readonly answered: number;
  /** The highest slot every live replica has applied, and the highest any has. */
  readonly applied: { readonly min: number; readonly max: number };
  /** The most slots any server has forgotten (applied everywhere: multi/forget.ts), and the fewest. */
  readonly forgotten: { readonly min: number; readonly max: number };
  readonly leaderChanges: number;
  readonly faults: { lost: number; duplicated: number; crashes: number; leaderCrashes: number; partitions: number; leaderPartitions: number };
  readonly violation?: { readonly step: number; readonly violation: MultiViolation };
  readonly history: History;
  /** Null when the run stopped at a violation (the history is then not checked). */
  readonly linearizable: LinearizabilityResult | null;
  readonly config: MultiConfig;
  readonly clients: readonly string[];
}

export function clientNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i + 1}`);
}

export function multiSimConfig(opts: Pick<MultiSimOptions, 'servers' | 'window' | 'maxBatch' | 'bugs'>): MultiConfig {
  const servers = Array.from({ length: opts.servers ?? 3 }, (_, i) => `s${i}`);
  return makeMultiConfig({ servers, window: opts.window ?? 8, maxBatch: opts.maxBatch ?? 16, bugs: opts.bugs ?? {} });
}

/** Puts of a value from the small set, or gets, of a key from the small set. */
export function randomWorkload(rng: Rng, keys: readonly string[], vals: readonly string[], think: number): Workload {
  return {
    next: () => {
      const key = rng.pick(keys);
      return rng.chance(0.6) ? { op: 'put', key, value: rng.pick(vals) } : { op: 'get', key };
    },
    think: () => (think > 0 ? rng.int(think + 1) : 0),
  };
}

export function simulateMulti(opts: MultiSimOptions): MultiSimResult {
  const rng = new Rng(opts.seed);
  const config = multiSimConfig(opts);
  const clients = clientNames(opts.clients ?? 3);
  const faults = { lost: 0, duplicated: 0, crashes: 0, leaderCrashes: 0, partitions: 0, leaderPartitions: 0 };
  let seq = 0;
  const record = (e: MultiWorldEvent) => {
    if (e.kind === 'lost') faults.lost++;
    if (e.kind === 'duplicated') faults.duplicated++;
    opts.onEvent?.({ ...e, seq: ++seq });
  };
  const workload = randomWorkload(rng, opts.keys ?? DEFAULT_KEYS, opts.vals ?? DEFAULT_VALS, opts.think ?? 10);
  const world = new MultiWorld(config, { clients, faults: opts.faults, rng, workload, onEvent: record, lines: opts.onEvent !== undefined });
  let leaderChanges = 0;
  let leader: NodeId | null = null;
  let steps = 0;
  let violation: MultiSimResult['violation'];
  for (let step = 1; step <= opts.steps; step++) {
    steps = step;
    injectFaults(world, rng, opts.faults, faults);
    if (!world.violation && !world.step()) break;
    const now = world.leader();
    if (now !== null && now !== leader) {
      if (leader !== null) leaderChanges++;
      leader = now;
    }
    if (world.violation) {
      violation = { step, violation: world.violation };
      break;
    }
  }
  const live = config.servers.filter((s) => !world.down.has(s)).map((s) => world.server(s).replica.applied);
  const all = config.servers.map((s) => world.server(s).replica.applied);
  const history = world.recorder.history();
  return {
    seed: opts.seed,
    steps,
    time: world.time,
    committed: world.monitor.committed.size,
    answered: history.filter((op) => op.ret !== null).length,
    applied: { min: Math.min(...(live.length > 0 ? live : all)), max: Math.max(...all) },
    forgotten: { min: Math.min(...config.servers.map((s) => world.server(s).replica.forgotten)), max: Math.max(...config.servers.map((s) => world.server(s).replica.forgotten)) },
    leaderChanges,
    faults,
    ...(violation ? { violation } : {}),
    history,
    linearizable: violation ? null : checkLinearizable(history),
    config,
    clients,
  };
}

/** Per step: a crash (of the leader half the time), and a partition (isolating the leader half the time). */
function injectFaults(world: MultiWorld, rng: Rng, faults: Faults, counts: MultiSimResult['faults']): void {
  const ids = world.config.servers;
  if (rng.chance(faults.crash)) {
    const up = ids.filter((id) => !world.down.has(id));
    const leader = world.leader();
    // Keep a quorum's worth of servers up at most times: a crash while
    // another server is down is allowed, but rarer, so runs make progress.
    if (up.length > 0 && (up.length === ids.length || rng.chance(0.3))) {
      const node = leader !== null && rng.chance(0.5) ? leader : rng.pick(up);
      if (node === leader) counts.leaderCrashes++;
      world.crash(node);
      counts.crashes++;
      world.later(world.time + rng.between(50, 400), { kind: 'recover', node });
    }
  }
  if (!world.partition && ids.length > 1 && rng.chance(faults.partition)) {
    const leader = world.leader();
    let groups: NodeId[][];
    if (leader !== null && rng.chance(0.5)) {
      groups = [[leader], ids.filter((s) => s !== leader)];
      counts.leaderPartitions++;
    } else {
      const shuffled = rng.shuffle(ids);
      const cut = rng.between(1, ids.length - 1);
      groups = [shuffled.slice(0, cut).sort(), shuffled.slice(cut).sort()];
    }
    world.startPartition(groups);
    counts.partitions++;
    world.later(world.time + rng.between(100, 600), { kind: 'heal' });
  }
}
