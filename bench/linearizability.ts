// Linearizability checking speed (impl/src/kv/): histories of simulated
// clients (random-history.ts), linearizable by construction, from the
// easy case (many keys, every put a value of its own) to the hard one (one
// hot key, three values, so that many orders fit the reads), and the cost
// of a failure's report.
import { checkLinearizable } from '../impl/src/kv/linearizability.ts';
import { randomHistory, type RandomHistoryOptions } from '../impl/src/kv/random-history.ts';
import type { Operation } from '../impl/src/kv/history.ts';
import { formatCount } from '../cli/progress.ts';

interface Case {
  readonly label: string;
  readonly options: RandomHistoryOptions;
}

const cases: readonly Case[] = [
  { label: '50 keys, 8 clients, unique values, 1% replies lost', options: { seed: 1, ops: 20_000, keys: 50, clients: 8 } },
  { label: '50 keys, 8 clients, 3 values a key, 5% lost', options: { seed: 2, ops: 20_000, keys: 50, clients: 8, values: 3, lostReplies: 0.05 } },
  { label: '1 key, 8 clients, unique values, 1% lost', options: { seed: 3, ops: 20_000, keys: 1, clients: 8 } },
  { label: '1 key, 8 clients, 3 values, 5% lost', options: { seed: 4, ops: 20_000, keys: 1, clients: 8, values: 3, lostReplies: 0.05 } },
  // Where the cost starts to show: it grows exponentially with the puts in
  // flight at once on one key.
  { label: '1 key, 16 clients, unique values, 1% lost', options: { seed: 5, ops: 20_000, keys: 1, clients: 16 } },
];

/** The best of three runs (after one to warm up): the figure least disturbed by whatever else the machine does. */
function timed<T>(run: () => T): { value: T; seconds: number } {
  let value = run();
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    value = run();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { value, seconds: best };
}

export function benchLinearizability(): void {
  console.log('linearizability checker (Wing & Gong with Lowe\'s memoization, split by key), 20,000-operation histories:');
  for (const { label, options } of cases) {
    const history = randomHistory(options);
    const { value: r, seconds } = timed(() => checkLinearizable(history));
    if (!r.ok) throw new Error(`bench history ${label} is linearizable by construction, yet:\n${r.explanation}`);
    console.log(`  ${label.padEnd(52)} ${(seconds * 1000).toFixed(0).padStart(6)} ms  ${formatCount(Math.round(history.length / seconds)).padStart(10)} ops/s`);
  }

  // The failure path: the first case with one late get made stale (it
  // returns the value of a put overwritten before it was called), then the
  // culprit found and the witness shrunk.
  const history = randomHistory(cases[0]!.options);
  const stale = staleRead(history);
  const { value: r, seconds } = timed(() => checkLinearizable(stale));
  if (r.ok) throw new Error('the altered bench history passed');
  console.log(`  ${'the first, one get made stale: verdict and witness'.padEnd(52)} ${(seconds * 1000).toFixed(0).padStart(6)} ms  (core of ${r.witness.core.length} of ${r.witness.prefix.length} operations)`);
}

/** The history with its last completed get altered to return a value overwritten before it was called. */
function staleRead(history: readonly Operation[]): Operation[] {
  const done = history.filter((op) => op.ret !== null);
  for (const g of [...done].reverse()) {
    if (g.command.op !== 'get') continue;
    const key = g.command.key;
    const puts = done.filter((op) => op.command.op === 'put' && op.command.key === key);
    const w = puts.find((op) => op.ret! < g.call && puts.some((p) => p.ret! < op.call));
    const p = w && puts.find((q) => q.ret! < w.call);
    if (p?.command.op === 'put') {
      const value = p.command.value;
      return history.map((op) => (op === g ? { ...op, result: { op: 'get', value } } : op));
    }
  }
  throw new Error('no get to make stale');
}

if (import.meta.url === `file://${process.argv[1]}`) benchLinearizability();
