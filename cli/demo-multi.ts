// The demo's Multi-Paxos run (the default): 3 servers, each acceptor,
// leader and replica, and 3 closed-loop key-value clients, under message
// loss, duplication, crashes and partitions (of the leader too).  The
// default seed is one whose run shows, on the report's first page, lost
// messages, the leader's crash and a new leader taking over, and whose
// trace checks in a couple of seconds (cli/demo.test.ts holds it to that).
import type { Faults } from '../impl/src/runtime/sim/faults.ts';
import { showFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateMultiToTrace } from '../impl/src/runtime/sim-multi/trace.ts';
import { formatCount } from './progress.ts';

export const MULTI_DEMO = { seed: 11, steps: 600, faults: 'loss=0.1,dup=0.05,crash=0.01,partition=0.01' } as const;

/** Simulates, prints what happened, and returns the trace text and whether safety and linearizability held. */
export function simulateMultiDemo(seed: number, steps: number, faults: Faults, traceFile: string): { text: string; ok: boolean } {
  const { text, result } = simulateMultiToTrace({ seed, steps, faults });
  const f = result.faults;
  console.log(`  3 servers (${result.config.servers.join(' ')}), ${result.clients.length} clients, seed ${seed}, ${formatCount(result.steps)} steps, faults ${showFaults(faults)}`);
  console.log(`  ${formatCount(result.committed)} commands committed (${formatCount(result.answered)} answered), ${formatCount(result.leaderChanges)} leader changes`);
  console.log(
    `  faults: ${formatCount(f.lost)} messages lost, ${formatCount(f.duplicated)} duplicated, ${formatCount(f.crashes)} crash${f.crashes === 1 ? '' : 'es'} (${formatCount(f.leaderCrashes)} of the leader), ${formatCount(f.partitions)} partition${f.partitions === 1 ? '' : 's'}`,
  );
  const safety = result.violation ? `VIOLATED at step ${result.violation.step}: ${result.violation.violation.kind}: ${result.violation.violation.message}` : 'held';
  const lin = result.linearizable === null ? 'not checked (the run stopped)' : result.linearizable.ok ? 'yes' : 'NO';
  console.log(`  safety after every step: ${safety}; clients' history linearizable: ${lin}; trace: ${traceFile}`);
  return { text, ok: !result.violation && result.linearizable?.ok === true };
}
