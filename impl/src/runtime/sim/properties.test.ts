// Properties over random schedules.  (1) Random seeds and fault mixes never
// break safety in the simulator.  (2) Model-based: fast-check drives a World
// with arbitrary sequences of deliveries, losses, duplications, timer
// firings, crashes, restarts and client requests; safety holds after every
// command, and with a seeded bug the failure it finds shrinks to a short
// schedule a person can read.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeConfig, type PaxosConfig } from '../../basic/config.ts';
import type { Bugs } from '../../basic/bugs.ts';
import { describeViolation } from '../../basic/spec-view.ts';
import { parseFaults } from './faults.ts';
import { simulate } from './run.ts';
import { World, nodeIds } from './world.ts';
import { Rng } from './rng.ts';

const cluster = (bugs?: Bugs) =>
  makeConfig({ proposers: ['p0', 'p1'], acceptors: ['a1', 'a2', 'a3'], learners: ['l1'], ...(bugs ? { bugs } : {}) });

describe('random simulations', () => {
  test('no seed and fault mix breaks Agreement, Validity or LearnedIsChosen', () => {
    const prob = fc.double({ min: 0, max: 0.4, noNaN: true });
    fc.assert(
      fc.property(fc.nat(), prob, prob, fc.double({ min: 0, max: 0.05, noNaN: true }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }), (seed, loss, dup, crash, weightList) => {
        // One server per weight: majorities when all weights are equal, weighted quorums otherwise.
        const ids = weightList.map((_, i) => `s${i}`);
        const weights = Object.fromEntries(ids.map((id, i) => [id, weightList[i]!]));
        const config = makeConfig({ proposers: ids, acceptors: ids, learners: ids, weights });
        const faults = { ...parseFaults('none'), loss, dup, crash, partition: 0.002 };
        const r = simulate({ config, seed, steps: 2000, faults });
        return r.violation === undefined;
      }),
      { numRuns: 40 },
    );
  });

  test('the same seed gives the same run; another seed, another run', () => {
    const faults = parseFaults('loss=0.2,dup=0.1,crash=0.01');
    const trace = (seed: number) => {
      const lines: string[] = [];
      simulate({ config: cluster(), seed, steps: 3000, faults, onEvent: (e) => lines.push(JSON.stringify(e)) });
      return lines.join('\n');
    };
    expect(trace(5)).toBe(trace(5));
    expect(trace(5)).not.toBe(trace(6));
  });
});

/** One scheduling decision; indices pick among what is possible at that moment. */
type Command =
  | { kind: 'deliver'; pick: number }
  | { kind: 'drop'; pick: number }
  | { kind: 'duplicate'; pick: number }
  | { kind: 'fire'; pick: number }
  | { kind: 'crash'; pick: number }
  | { kind: 'recover'; pick: number }
  | { kind: 'request'; pick: number; value: 'x' | 'y' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(50).map((pick) => ({ kind: 'deliver' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'drop' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'duplicate' as const, pick })) },
  { weight: 2, arbitrary: fc.nat(10).map((pick) => ({ kind: 'fire' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(10).map((pick) => ({ kind: 'crash' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(10).map((pick) => ({ kind: 'recover' as const, pick })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(10), fc.constantFrom('x' as const, 'y' as const)).map(([pick, value]) => ({ kind: 'request' as const, pick, value })) },
);

/** Applies one command; returns false if it was not possible (nothing to pick from). */
function apply(w: World, config: PaxosConfig, c: Command): void {
  const nth = <T>(items: readonly T[], i: number) => (items.length ? items[i % items.length] : undefined);
  switch (c.kind) {
    case 'deliver': {
      const e = nth(w.inFlight, c.pick);
      if (e) w.deliver(e);
      return;
    }
    case 'drop': {
      const e = nth(w.inFlight, c.pick);
      if (e) w.drop(e);
      return;
    }
    case 'duplicate': {
      const e = nth(w.inFlight, c.pick);
      if (e) w.duplicate(e);
      return;
    }
    case 'fire': {
      const t = nth(w.timers, c.pick);
      if (t) w.fire(t);
      return;
    }
    case 'crash': {
      const n = nth(nodeIds(config), c.pick);
      if (n) w.crash(n);
      return;
    }
    case 'recover': {
      const n = nth([...w.down], c.pick);
      if (n) w.recover(n);
      return;
    }
    case 'request':
      w.request('c', nth(config.proposers, c.pick)!, c.value);
      return;
  }
}

/** Runs a schedule; the first safety violation, or null. */
function runSchedule(config: PaxosConfig, schedule: readonly Command[]): string | null {
  const w = new World(config, { rng: new Rng(1) });
  for (const c of schedule) {
    apply(w, config, c);
    if (w.violation) return describeViolation(w.violation);
  }
  return null;
}

describe('model-based: arbitrary schedules of the real reducers', () => {
  test('safety holds after every command', () => {
    const config = cluster();
    fc.assert(
      fc.property(fc.array(command, { maxLength: 150, size: 'max' }), (schedule) => runSchedule(config, schedule) === null),
      { numRuns: 300 },
    );
  });

  test('with an acceptor that votes below its promise, a violation is found and shrinks to a short schedule', () => {
    const config = cluster({ acceptBelowPromise: true });
    const result = fc.check(
      fc.property(fc.array(command, { maxLength: 150, size: 'max' }), (schedule) => runSchedule(config, schedule) === null),
      { numRuns: 3000, seed: 42 },
    );
    expect(result.failed).toBe(true);
    const schedule = result.counterexample![0];
    expect(runSchedule(config, schedule)).toMatch(/^Agreement violated/);
    // Shrunk: two requests, two phase-1 exchanges, the crossing accepts and
    // the votes fit in a few dozen commands, far from the 120 allowed.
    expect(schedule.length).toBeLessThanOrEqual(40);
  });
});
