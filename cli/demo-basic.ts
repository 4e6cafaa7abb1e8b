// The demo's Basic Paxos run (`paxos demo --protocol basic`): 3 servers,
// each proposer, acceptor and learner, one single-decree instance after
// another under faults.
import { makeConfig } from '../impl/src/basic/config.ts';
import type { Faults } from '../impl/src/runtime/sim/faults.ts';
import { showFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../impl/src/runtime/sim/trace.ts';
import { formatCount } from './progress.ts';

export const BASIC_DEMO = { seed: 7, steps: 3000, faults: 'loss=0.2,dup=0.1,crash=0.02,partition=0.005' } as const;

/** Simulates, prints what happened, and returns the trace text and whether safety held. */
export function simulateBasicDemo(seed: number, steps: number, faults: Faults, traceFile: string): { text: string; ok: boolean } {
  const ids = ['s1', 's2', 's3'];
  const config = makeConfig({ proposers: ids, acceptors: ids, learners: ids });
  const { text, result } = simulateToTrace({ config, seed, steps, faults });
  const f = result.faults;
  console.log(`  3 servers, seed ${seed}, ${formatCount(result.steps)} events, faults ${showFaults(faults)}`);
  console.log(`  ${formatCount(result.instancesStarted)} instances, ${formatCount(result.decisions.length)} decided; ${formatCount(f.lost)} messages lost, ${formatCount(f.duplicated)} duplicated, ${formatCount(f.crashes)} crashes, ${formatCount(f.partitions)} partitions`);
  console.log(`  safety after every step: ${result.violation ? `VIOLATED: ${result.violation.message}` : 'held'}; trace: ${traceFile}`);
  return { text, ok: !result.violation };
}
