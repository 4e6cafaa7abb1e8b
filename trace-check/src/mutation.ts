// The proof that the trace checker can fail: run the simulator with each
// seeded bug of the mutation catalogue (impl/src/basic/bugs.ts), under
// faults, and check its trace.  A mutant is caught when the checker rejects
// the trace; it reports where and why.  The same runs without a bug must
// pass, or a catch would mean nothing.
import { BUG_CATALOGUE, type BugEntry } from '../../impl/src/basic/bugs.ts';
import { makeConfig, type PaxosConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { checkTrace, type CheckReport } from './check.ts';
import { parseTrace } from './format.ts';

export interface MutantResult {
  readonly bug: BugEntry;
  /** The seed whose run exposed it, or null if none of the seeds tried did. */
  readonly seed: number | null;
  readonly seedsTried: number;
  readonly report: CheckReport | null;
  /** Did the simulator's own safety check (Agreement, Validity, LearnedIsChosen) also trip? */
  readonly simulatorSaw: boolean;
}

export interface MutationOptions {
  seeds: readonly number[];
  steps: number;
  faults: string;
  servers?: number;
  onResult?: (r: MutantResult) => void;
}

export const DEFAULT_MUTATION: MutationOptions = { seeds: [1, 2, 3, 4, 5, 6, 7, 8], steps: 1500, faults: 'loss=0.15,dup=0.2,crash=0.02' };

function cluster(servers: number, bugs: PaxosConfig['bugs']): PaxosConfig {
  const ids = Array.from({ length: servers }, (_, i) => `s${i + 1}`);
  return makeConfig({ proposers: ids, acceptors: ids, learners: ids, bugs });
}

async function checkRun(config: PaxosConfig, seed: number, opts: MutationOptions): Promise<{ report: CheckReport; simulatorSaw: boolean }> {
  const { text, result } = simulateToTrace({ config, seed, steps: opts.steps, faults: parseFaults(opts.faults) });
  const report = await checkTrace(parseTrace(`seed-${seed}.ndjson`, text));
  return { report, simulatorSaw: result.violation !== undefined };
}

export async function runMutant(bug: BugEntry, opts: MutationOptions = DEFAULT_MUTATION): Promise<MutantResult> {
  let tried = 0;
  for (const seed of opts.seeds) {
    tried++;
    const { report, simulatorSaw } = await checkRun(cluster(opts.servers ?? 3, { [bug.name]: true }), seed, opts);
    if (report.failure) return { bug, seed, seedsTried: tried, report, simulatorSaw };
  }
  return { bug, seed: null, seedsTried: tried, report: null, simulatorSaw: false };
}

/** The unmutated reducers on the same seeds: every trace must pass. */
export async function runControl(opts: MutationOptions = DEFAULT_MUTATION): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const seed of opts.seeds) reports.push((await checkRun(cluster(opts.servers ?? 3, {}), seed, opts)).report);
  return reports;
}

export async function runCatalogue(opts: MutationOptions = DEFAULT_MUTATION): Promise<MutantResult[]> {
  const results: MutantResult[] = [];
  for (const bug of BUG_CATALOGUE) {
    const r = await runMutant(bug, opts);
    opts.onResult?.(r);
    results.push(r);
  }
  return results;
}
