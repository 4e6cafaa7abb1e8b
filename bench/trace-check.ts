// Trace-check speed: simulator traces of about 1k, 10k and 100k steps
// (3 servers, 20% loss, 10% duplication, 1% crashes), checked against
// spec/Paxos.tla with the embedded engine on every core.
import { makeConfig } from '../impl/src/basic/config.ts';
import { parseFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../impl/src/runtime/sim/trace.ts';
import { checkTrace } from '../trace-check/src/check.ts';
import { parseTrace } from '../trace-check/src/format.ts';
import { formatCount, formatSeconds } from '../cli/progress.ts';

const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });

export async function benchTraceCheck(sizes: readonly number[] = [1_000, 10_000, 100_000]): Promise<void> {
  console.log('trace-check, embedded engine, simulator traces (3 servers, loss=0.2,dup=0.1,crash=0.01):');
  for (const events of sizes) {
    const { text } = simulateToTrace({ config, seed: 7, steps: events, faults: parseFaults('loss=0.2,dup=0.1,crash=0.01') });
    const trace = parseTrace(`bench-${events}.ndjson`, text);
    const t0 = performance.now();
    const r = await checkTrace(trace);
    const seconds = (performance.now() - t0) / 1000;
    if (r.failure) throw new Error(`bench trace failed the check at line ${r.failure.failure.line}: ${r.failure.diagnosis.headline}`);
    const stutters = r.actions.get('Stutter') ?? 0;
    console.log(
      `  ${formatCount(r.steps).padStart(7)} steps (${formatCount(stutters)} stutters, ${formatCount(r.instances)} instances)  ${formatSeconds(seconds).padStart(8)}  ${formatCount(Math.round(r.steps / seconds)).padStart(6)} steps/s` +
        `  (${formatCount(Math.round((r.steps - stutters) / seconds))} engine-checked actions/s)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number);
  await benchTraceCheck(sizes.length > 0 ? sizes : undefined);
}
