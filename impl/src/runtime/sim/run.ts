// A seeded random simulation: one single-decree instance after another, each
// in a fresh world, with clients that request values (and retry until a
// decision), and faults injected as the seed decides.  Same seed and
// options, same run, event for event.
import type { PaxosConfig } from '../../basic/config.ts';
import type { NodeId, Value } from '../../basic/messages.ts';
import { describeViolation, type SafetyViolation } from '../../basic/spec-view.ts';
import type { Faults } from './faults.ts';
import { Rng } from './rng.ts';
import { World, nodeIds, type WorldEvent } from './world.ts';

export interface SimulationOptions {
  config: PaxosConfig;
  seed: number;
  /** Events to process in all (deliveries, timers, client requests, recoveries). */
  steps: number;
  faults: Faults;
  /** Clients per instance, each with a value of its own. */
  clients?: number;
  /** How long a client waits before sending its request again. */
  clientRetry?: number;
  /** Every event, in order, tagged with its instance and sequence number. */
  onEvent?: (e: TracedEvent) => void;
}

export type TracedEvent = WorldEvent & { seq: number; instance: number };

export interface Decision {
  instance: number;
  value: Value;
  /** The step at which the last learner learned it. */
  step: number;
}

export interface SimulationResult {
  seed: number;
  steps: number;
  instancesStarted: number;
  decisions: Decision[];
  faults: { lost: number; duplicated: number; crashes: number; partitions: number };
  violation?: { instance: number; step: number; violation: SafetyViolation; message: string; events: TracedEvent[] };
}

type Scheduled =
  | { at: number; kind: 'client'; client: number }
  | { at: number; kind: 'recover'; node: NodeId }
  | { at: number; kind: 'heal' };

export function simulate(opts: SimulationOptions): SimulationResult {
  const rng = new Rng(opts.seed);
  const clients = opts.clients ?? 2;
  const clientRetry = opts.clientRetry ?? 150;
  const ids = nodeIds(opts.config);
  const result: SimulationResult = {
    seed: opts.seed,
    steps: 0,
    instancesStarted: 0,
    decisions: [],
    faults: { lost: 0, duplicated: 0, crashes: 0, partitions: 0 },
  };
  let seq = 0;
  let instance = -1;
  let instanceEvents: TracedEvent[] = [];
  let world!: World;
  let scheduled: Scheduled[] = [];

  const record = (e: WorldEvent) => {
    const traced = { ...e, seq: ++seq, instance } as TracedEvent;
    instanceEvents.push(traced);
    if (e.kind === 'lost') result.faults.lost++;
    if (e.kind === 'duplicated') result.faults.duplicated++;
    opts.onEvent?.(traced);
  };
  const valueOf = (client: number) => `v${instance}.${client}`;
  const startInstance = () => {
    instance++;
    result.instancesStarted++;
    instanceEvents = [];
    world = new World(opts.config, { faults: opts.faults, rng, onEvent: record });
    scheduled = Array.from({ length: clients }, (_, client) => ({ at: rng.between(0, 5), kind: 'client' as const, client }));
  };

  startInstance();
  for (let step = 1; step <= opts.steps; step++) {
    result.steps = step;
    injectFaults(world, rng, opts.faults, ids, scheduled, result);
    const due = world.nextDue();
    const dueAt = due ? (due.kind === 'deliver' ? due.envelope.at : due.timer.at) : Infinity;
    const next = scheduled.reduce<Scheduled | null>((best, s) => (!best || s.at < best.at ? s : best), null);
    if (next && next.at <= dueAt) {
      scheduled = scheduled.filter((s) => s !== next);
      world.time = Math.max(world.time, next.at);
      if (next.kind === 'client') {
        world.request(`c${next.client}`, rng.pick(opts.config.proposers), valueOf(next.client));
        scheduled.push({ at: world.time + clientRetry, kind: 'client', client: next.client });
      } else if (next.kind === 'recover') world.recover(next.node);
      else world.heal();
    } else if (due?.kind === 'deliver') world.deliver(due.envelope);
    else if (due?.kind === 'fire') world.fire(due.timer);

    if (world.violation) {
      result.violation = {
        instance,
        step,
        violation: world.violation,
        message: describeViolation(world.violation),
        events: instanceEvents,
      };
      return result;
    }
    const learned = world.learned();
    if (learned.size === opts.config.learners.length) {
      result.decisions.push({ instance, value: [...learned.values()][0]!, step });
      startInstance();
    }
  }
  return result;
}

function injectFaults(world: World, rng: Rng, faults: Faults, ids: NodeId[], scheduled: Scheduled[], result: SimulationResult): void {
  if (rng.chance(faults.crash)) {
    const up = ids.filter((id) => !world.down.has(id));
    if (up.length > 0) {
      const node = rng.pick(up);
      world.crash(node);
      result.faults.crashes++;
      scheduled.push({ at: world.time + rng.between(20, 200), kind: 'recover', node });
    }
  }
  if (!world.partition && rng.chance(faults.partition) && ids.length > 1) {
    const shuffled = rng.shuffle(ids);
    const cut = rng.between(1, ids.length - 1);
    world.startPartition([shuffled.slice(0, cut).sort(), shuffled.slice(cut).sort()]);
    result.faults.partitions++;
    scheduled.push({ at: world.time + rng.between(50, 300), kind: 'heal' });
  }
}
