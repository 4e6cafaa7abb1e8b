// Multi-Paxos through the simulator: committed commands per second of wall
// clock (and per simulated second) for a 3-server in-process cluster with
// 64 closed-loop clients and no faults, with batches of up to 16 commands
// per 2a against no batching; and the trace checker's speed on a
// simulator trace under faults.
import { parseFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateMulti } from '../impl/src/runtime/sim-multi/run.ts';
import { simulateMultiToTrace } from '../impl/src/runtime/sim-multi/trace.ts';
import { checkTrace } from '../trace-check/src/check.ts';
import { parseTrace } from '../trace-check/src/format.ts';
import { formatCount, formatSeconds } from '../cli/progress.ts';

export function benchSimMulti(steps = 200_000): void {
  console.log(`Multi-Paxos simulator, 3 servers, 64 clients, no faults, window 64, ${formatCount(steps)} steps (no trace):`);
  for (const maxBatch of [16, 1]) {
    const t0 = performance.now();
    const r = simulateMulti({ seed: 1, steps, faults: parseFaults('none'), clients: 64, window: 64, maxBatch, think: 0 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.violation || !r.linearizable?.ok) throw new Error('bench run was not safe and linearizable');
    console.log(
      `  maxBatch ${String(maxBatch).padStart(2)}: ${formatCount(r.committed).padStart(7)} commands in ${formatSeconds(seconds).padStart(7)}  ${formatCount(Math.round(r.committed / seconds)).padStart(7)} commands/s wall clock` +
        `  ${formatCount(Math.round((r.committed * 1000) / r.time)).padStart(6)} commands per simulated second  (${(steps / r.committed).toFixed(1)} steps a command)`,
    );
  }
}

export async function benchTraceCheckSimMulti(steps = 1000): Promise<void> {
  const { text, result } = simulateMultiToTrace({ seed: 3, steps, faults: parseFaults('loss=0.1,dup=0.05,crash=0.01,partition=0.01') });
  const trace = parseTrace('sim-multi.ndjson', text);
  const t0 = performance.now();
  const r = await checkTrace(trace);
  const seconds = (performance.now() - t0) / 1000;
  if (r.failure) throw new Error(`bench trace failed the check at line ${r.failure.failure.line}: ${r.failure.diagnosis.headline}`);
  const stutters = r.actions.get('Stutter') ?? 0;
  console.log(
    `trace-check, Multi-Paxos simulator trace (seed 3, ${formatCount(steps)} simulator steps, loss=0.1,dup=0.05,crash=0.01,partition=0.01; ${formatCount(result.committed)} commands):\n` +
      `  ${formatCount(r.steps).padStart(7)} steps (${formatCount(stutters)} stutters)  ${formatSeconds(seconds).padStart(8)}  ${formatCount(Math.round(r.steps / seconds)).padStart(6)} steps/s  (${formatCount(Math.round((r.steps - stutters) / seconds))} engine-checked actions/s)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchSimMulti(Number(process.argv[2] ?? 200_000));
  await benchTraceCheckSimMulti(Number(process.argv[3] ?? 1000));
}
