// Linearizable-by-construction histories from simulated clients, for the
// tests and the benchmark.  Each client issues one operation at a time; each
// operation takes effect at a random instant inside its interval, and the
// store applies the operations in the order of those instants, so that
// order is a linearization and the history must pass.  Some replies are
// lost (the operation stays pending, took effect or not, and the client
// moves on after a timeout), as under faults.
import { Rng } from '../runtime/sim/rng.ts';
import { applyCommand, emptyKvState, type KvCommand, type KvResult, type KvState } from './commands.ts';
import type { Operation } from './history.ts';

export interface RandomHistoryOptions {
  readonly seed: number;
  readonly ops: number;
  readonly keys: number;
  readonly clients: number;
  /** Distinct values per key, for ambiguous histories; default: every put writes a value of its own. */
  readonly values?: number;
  /** Probability that a reply is lost; default 0.01. */
  readonly lostReplies?: number;
  /** Fraction of gets; default 0.5. */
  readonly gets?: number;
}

export function randomHistory(o: RandomHistoryOptions): Operation[] {
  const rng = new Rng(o.seed);
  const drafts: { op: Operation; point: number; applied: boolean }[] = [];
  for (let c = 0; c < o.clients; c++) {
    const client = `c${c}`;
    let now = 0;
    for (let id = 0; c + id * o.clients < o.ops; id++) {
      const key = `k${rng.int(o.keys)}`;
      const value = o.values === undefined ? `${client}.${id}` : `v${rng.int(o.values)}`;
      const command: KvCommand = rng.chance(o.gets ?? 0.5) ? { op: 'get', key } : { op: 'put', key, value };
      const call = now + rng.between(0, 5);
      const duration = rng.between(1, 20);
      // Integer times make ties between one operation's return and
      // another's call common, which the checker must handle.
      const point = call + rng.next() * duration;
      const lost = rng.chance(o.lostReplies ?? 0.01);
      drafts.push({ op: { client, id, command, call, ret: lost ? null : call + duration, result: null }, point, applied: !lost || rng.chance(0.5) });
      now = call + duration + (lost ? 20 : 0);
    }
  }
  const applied = drafts.filter((d) => d.applied).sort((a, b) => a.point - b.point);
  const results = new Map<Operation, KvResult>();
  let state: KvState = emptyKvState;
  for (const { op } of applied) {
    const step = applyCommand(state, op.command);
    state = step.state;
    results.set(op, step.result);
  }
  return drafts.map(({ op }) => (op.ret === null ? op : { ...op, result: results.get(op) ?? null }));
}
