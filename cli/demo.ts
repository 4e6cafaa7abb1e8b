// `paxos demo`: the whole project at work in one command, on the embedded
// defaults: model-check the specs' small models, simulate the reducers
// under faults, trace-check that run against the TLA+ spec, and draw it as
// an HTML report.  Prints a short summary with the paths to open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { makeConfig } from '../impl/src/basic/config.ts';
import { parseFaults, showFaults } from '../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../impl/src/runtime/sim/trace.ts';
import { checkTrace } from '../trace-check/src/check.ts';
import { parseTrace } from '../trace-check/src/format.ts';
import { renderReport } from '../trace-check/src/render.ts';
import { buildReport } from '../report/src/report.ts';
import { runCheck } from './check.ts';
import { nonNegativeInt, positiveInt } from './cluster-options.ts';
import { createProgress, formatCount, formatSeconds } from './progress.ts';

interface DemoFlags {
  out: string;
  seed: number;
  steps: number;
  faults: string;
  model?: string[];
}

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the whole loop on the embedded defaults: model-check the small models, simulate Basic Paxos under faults, trace-check the run, draw the HTML report')
    .option('--out <dir>', 'where to write the trace and the report', 'paxos-demo')
    .option('--seed <n>', 'the simulation seed', nonNegativeInt('--seed'), 7)
    .option('--steps <n>', 'simulated events', positiveInt('--steps'), 3000)
    .option('--faults <list>', 'faults injected into the simulation', 'loss=0.2,dup=0.1,crash=0.02,partition=0.005')
    .option('-m, --model <name...>', 'model-check only these models (default: every small model)')
    .action(async (flags: DemoFlags) => {
      process.exitCode = await runDemo(flags);
    });
}

export async function runDemo(flags: DemoFlags): Promise<number> {
  const started = performance.now();
  const color = pc.isColorSupported;
  const head = (s: string) => console.log(color ? pc.bold(s) : s);
  const out = { log: (line = '') => console.log(line), color };

  head('1/4  model checking the specs (embedded TLA+ engine)');
  const checked = await runCheck({ engine: 'embedded', ...(flags.model ? { model: flags.model } : {}) }, undefined, out);

  head('2/4  simulating Basic Paxos under faults');
  const faults = parseFaults(flags.faults);
  const ids = ['s1', 's2', 's3'];
  const config = makeConfig({ proposers: ids, acceptors: ids, learners: ids });
  const { text, result } = simulateToTrace({ config, seed: flags.seed, steps: flags.steps, faults });
  mkdirSync(flags.out, { recursive: true });
  const traceFile = join(flags.out, 'run.ndjson');
  writeFileSync(traceFile, text);
  const f = result.faults;
  console.log(`  3 servers, seed ${flags.seed}, ${formatCount(result.steps)} events, faults ${showFaults(faults)}`);
  console.log(`  ${formatCount(result.instancesStarted)} instances, ${formatCount(result.decisions.length)} decided; ${formatCount(f.lost)} messages lost, ${formatCount(f.duplicated)} duplicated, ${formatCount(f.crashes)} crashes, ${formatCount(f.partitions)} partitions`);
  console.log(`  safety after every step: ${result.violation ? `VIOLATED: ${result.violation.message}` : 'held'}; trace: ${traceFile}`);

  head('3/4  trace-checking the run against spec/Paxos.tla');
  const progress = createProgress();
  const checkStart = performance.now();
  const report = await checkTrace(parseTrace(traceFile, text), {
    // Short runs need no progress line.
    onProgress: (d, t) => (performance.now() - checkStart > 2000 ? progress.update(`trace-check: ${formatCount(d)} of ${formatCount(t)} steps`) : undefined),
  });
  progress.clear();
  for (const line of renderReport(report)) console.log(line);

  head('4/4  drawing the report');
  const built = await buildReport(traceFile, { checked: report });
  const htmlFile = join(flags.out, 'report.html');
  writeFileSync(htmlFile, built.html);
  console.log(`  ${formatCount(built.pages.length)} chart page(s) over ${formatCount(built.views.length)} instances: ${htmlFile}`);

  const ok = checked === 0 && !result.violation && !report.failure;
  console.log();
  head(`paxos demo: ${ok ? 'everything held' : 'something failed (see above)'} in ${formatSeconds((performance.now() - started) / 1000)}`);
  console.log(`  open ${resolve(htmlFile)}`);
  console.log(`  the run's trace: ${resolve(traceFile)} (format: trace-check/README.md)`);
  return ok ? 0 : 1;
}
