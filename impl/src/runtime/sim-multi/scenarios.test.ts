// Leader failures, scripted on the simulated world: the leader crashes, or a
// partition cuts it off; another server takes over with a higher ballot and
// the clients' commands go on committing, safely and linearizably.
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../kv/linearizability.ts';
import { parseFaults } from '../sim/faults.ts';
import { Rng } from '../sim/rng.ts';
import { clientNames, multiSimConfig, randomWorkload } from './run.ts';
import { MultiWorld } from './world.ts';

function world(seed: number) {
  const rng = new Rng(seed);
  return new MultiWorld(multiSimConfig({}), { clients: clientNames(3), rng, faults: parseFaults('delay=1-10'), workload: randomWorkload(rng, ['k1', 'k2'], ['v1', 'v2'], 10) });
}

/** Run the world's own schedule for `ms` of simulated time. */
function runFor(w: MultiWorld, ms: number): void {
  const end = w.time + ms;
  while (w.time < end && w.step()) expect(w.violation).toBeNull();
}

describe('Multi-Paxos leader failures', () => {
  it('the leader crashes: another server leads a higher ballot, and commands commit again; the old one rejoins', () => {
    const w = world(5);
    runFor(w, 1000);
    const old = w.leader()!;
    expect(old).not.toBeNull();
    const oldBallot = w.server(old).leader.lBal;
    const before = w.monitor.committed.size;
    expect(before).toBeGreaterThan(10);
    w.crash(old);
    runFor(w, 1500);
    const next = w.leader()!;
    expect(next).not.toBe(old);
    expect(w.server(next).leader.lBal).toBeGreaterThan(oldBallot);
    const during = w.monitor.committed.size;
    expect(during).toBeGreaterThan(before + 10);
    w.recover(old);
    runFor(w, 1000);
    expect(w.monitor.committed.size).toBeGreaterThan(during + 10);
    // The recovered server caught up with the log it missed.
    expect(w.server(old).replica.applied).toBeGreaterThan(during);
    expect(checkLinearizable(w.recorder.history()).ok).toBe(true);
  });

  it('a partition cuts the leader off: the majority side elects a new leader and commits; after healing the old leader steps down', () => {
    const w = world(8);
    runFor(w, 1000);
    const old = w.leader()!;
    const before = w.monitor.committed.size;
    w.startPartition([[old], w.config.servers.filter((s) => s !== old)]);
    runFor(w, 1500);
    // The cut-off leader may still think it leads; a higher ballot leads the majority.
    const others = w.config.servers.filter((s) => s !== old).map((s) => w.server(s));
    const next = others.find((s) => s.leader.phase === 'p2');
    expect(next).toBeDefined();
    expect(next!.leader.lBal).toBeGreaterThan(w.server(old).leader.lBal);
    const during = w.monitor.committed.size;
    expect(during).toBeGreaterThan(before + 10);
    w.heal();
    runFor(w, 1000);
    expect(w.server(old).leader.phase).not.toBe('p2');
    expect(w.monitor.committed.size).toBeGreaterThan(during + 10);
    expect(checkLinearizable(w.recorder.history()).ok).toBe(true);
  });
});
