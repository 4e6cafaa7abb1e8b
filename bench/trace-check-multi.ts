// Trace-check speed on Multi-Paxos traces, checked against
// spec/MultiPaxos.tla with the embedded engine on every core: a spec walk
// (trace-check/src/spec-walk.ts, small bounds, every invariant on every
// state), and scripted runs of about 1k and 10k lines (bench/multi-trace.ts),
// one growing run of hundreds of slots; `npx tsx bench/trace-check-multi.ts
// 50000` for the size of the acceptance run (thousands of slots, minutes).
import { checkTrace } from '../trace-check/src/check.ts';
import { parseTrace } from '../trace-check/src/format.ts';
import { MULTIPAXOS } from '../trace-check/src/profiles.ts';
import { walkSpec } from '../trace-check/src/spec-walk.ts';
import { formatCount, formatSeconds } from '../cli/progress.ts';
import { scriptedMultiTrace } from './multi-trace.ts';

const WALK_CONSTANTS = { NumServers: 3, Quorums: [[0, 1], [0, 2], [1, 2], [0, 1, 2]], Clients: ['c1', 'c2'], MaxRequests: 3, Keys: ['k1'], Vals: ['v1', 'v2'], MaxSlot: 4, MaxBallot: 2, Window: 2, Replicas: [0, 1, 2] };

async function timed(label: string, text: string): Promise<void> {
  const trace = parseTrace(`${label}.ndjson`, text);
  const t0 = performance.now();
  const r = await checkTrace(trace);
  const seconds = (performance.now() - t0) / 1000;
  if (r.failure) throw new Error(`bench trace ${label} failed the check at line ${r.failure.failure.line}: ${r.failure.diagnosis.headline}`);
  const every = [...r.invariants].filter(([, c]) => c.states >= r.engineSteps).map(([n]) => n);
  console.log(`  ${label.padEnd(22)} ${formatCount(r.steps).padStart(7)} steps  ${formatSeconds(seconds).padStart(8)}  ${formatCount(Math.round(r.steps / seconds)).padStart(6)} steps/s  (invariants on every state: ${every.length === r.invariants.size ? 'all' : every.join(', ') || 'none'})`);
}

export async function benchTraceCheckMulti(sizes: readonly number[] = [1_000, 10_000]): Promise<void> {
  console.log('trace-check, embedded engine, Multi-Paxos:');
  const walk = walkSpec({ profile: MULTIPAXOS, constants: WALK_CONSTANTS, steps: 300, seed: 1, weights: { Phase1a: 0.3, Phase2b: 0.5, Abandon: 0.05 } });
  await timed('spec walk', walk.text);
  for (const n of sizes) await timed(`scripted ${formatCount(n)} lines`, scriptedMultiTrace(n));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number);
  await benchTraceCheckMulti(sizes.length > 0 ? sizes : undefined);
}
