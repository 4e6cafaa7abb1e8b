// `paxos trace-check --mutants --protocol multi`: the Multi-Paxos mutation
// catalogue's table (trace-check/src/mutation-multi.ts).
import { MULTI_BUG_CATALOGUE } from '../impl/src/multi/bugs.ts';
import { DEFAULT_MULTI_MUTATION, runMultiCatalogue, runMultiControl } from '../trace-check/src/mutation-multi.ts';
import { formatCount } from './progress.ts';

export async function runMultiMutants(): Promise<number> {
  const o = DEFAULT_MULTI_MUTATION;
  console.log(
    `paxos trace-check --mutants --protocol multi: each Multi-Paxos bug, simulated (3 servers, ${o.clients} clients, ${formatCount(o.steps)} steps, faults ${o.faults}, seeds ${o.seeds[0]}..${o.seeds.at(-1)} until it fires and is caught), then trace-checked against MultiPaxos.tla`,
  );
  const results = await runMultiCatalogue({
    ...o,
    onResult: (r) => {
      const f = r.report?.failure;
      const where = f
        ? `caught: seed ${r.seed} (fired at line ${r.divergedAt}), line ${f.failure.line}: ${f.diagnosis.headline}`
        : `NOT CAUGHT (fired in ${r.fired} of ${r.seedsTried} runs)`;
      console.log(`  ${r.bug.name.padEnd(26)} ${where}`);
      if (r.simulatorSaw) console.log(`  ${''.padEnd(26)} (the simulator's own check also saw ${r.simulatorSaw})`);
    },
  });
  const seeds = [...new Set(results.map((r) => r.seed).filter((s): s is number => s !== null))];
  const control = await runMultiControl(seeds, o);
  const killed = results.filter((r) => r.seed !== null).length;
  const clean = control.filter((c) => !c.report.failure).length;
  console.log(`kill rate: ${killed}/${MULTI_BUG_CATALOGUE.length}; the same ${control.length} seeds without a bug: ${clean} pass`);
  return killed === MULTI_BUG_CATALOGUE.length && clean === control.length ? 0 : 1;
}
