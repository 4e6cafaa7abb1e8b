// `paxos demo`: the whole project at work in one command, on the embedded
// defaults, in about a minute: model-check a subset of the specs' small
// models, simulate the Multi-Paxos reducers under faults (or Basic Paxos,
// --protocol basic), trace-check that run against its TLA+ spec, and draw
// it as an HTML report.  Prints a short summary with the paths to open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { selectModels } from '../modelcheck/src/models.ts';
import { parseFaults } from '../impl/src/runtime/sim/faults.ts';
import { checkTrace } from '../trace-check/src/check.ts';
import { parseTrace } from '../trace-check/src/format.ts';
import { renderReport } from '../trace-check/src/render.ts';
import { buildReport } from '../report/src/report.ts';
import { runCheck } from './check.ts';
import { nonNegativeInt, positiveInt } from './cluster-options.ts';
import { BASIC_DEMO, simulateBasicDemo } from './demo-basic.ts';
import { MULTI_DEMO, simulateMultiDemo } from './demo-multi.ts';
import { createProgress, formatCount, formatSeconds } from './progress.ts';

/**
 * The models the demo checks unless told otherwise: the Basic Paxos CI
 * models, about 30 s together on two cores.  MultiPaxos.small alone takes
 * about 2.5 min, which would break "about a minute": --all-models adds it
 * (and any other small model), --model names models one by one.
 */
export const DEMO_MODELS = ['Paxos.small', 'Paxos.weighted'] as const;

export type DemoProtocol = 'multi' | 'basic' | 'both';

export interface DemoFlags {
  out: string;
  protocol: DemoProtocol;
  seed?: number;
  steps?: number;
  faults?: string;
  model?: string[];
  allModels?: boolean;
}

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the whole loop on the embedded defaults, in about a minute: model-check the Basic Paxos small models, simulate Multi-Paxos and Basic Paxos under faults, trace-check the runs, draw the HTML reports')
    .option('--out <dir>', 'where to write the traces and the reports (multi.ndjson, multi.html, basic.ndjson, basic.html)', 'paxos-demo')
    .addOption(new Option('--protocol <name>', 'the runs to simulate, trace-check and draw').choices(['both', 'multi', 'basic']).default('both'))
    .option('--seed <n>', `the simulation seed of every run (default: ${MULTI_DEMO.seed} for multi, ${BASIC_DEMO.seed} for basic)`, nonNegativeInt('--seed'))
    .option('--steps <n>', `simulated steps of every run (default: ${MULTI_DEMO.steps} for multi, ${BASIC_DEMO.steps} for basic)`, positiveInt('--steps'))
    .option('--faults <list>', `faults injected in every run (default: ${MULTI_DEMO.faults} for multi, ${BASIC_DEMO.faults} for basic)`)
    .option('-m, --model <name...>', `model-check these models (default: ${DEMO_MODELS.join(', ')})`)
    .option('--all-models', 'model-check every small model of every spec (MultiPaxos.small adds about 2.5 min)')
    .action(async (flags: DemoFlags) => {
      if (flags.model && flags.allModels) throw new InvalidArgumentError('--model and --all-models: give one or the other');
      process.exitCode = await runDemo(flags);
    });
}

/** Which models, and the line that says why. */
function demoModels(flags: DemoFlags): { model?: string[]; note: string } {
  if (flags.model) return { model: flags.model, note: `the models named: ${flags.model.join(', ')}` };
  if (flags.allModels) return { note: 'every small model of every spec (--all-models)' };
  const rest = selectModels({}).filter((m) => !(DEMO_MODELS as readonly string[]).includes(m.name));
  const more = rest.map((m) => `${m.name}${m.expected.seconds ? ` ~${formatSeconds(m.expected.seconds)}` : ''}`).join(', ');
  return { model: [...DEMO_MODELS], note: `the demo's subset: ${DEMO_MODELS.join(', ')}${more ? ` (--all-models adds ${more})` : ''}` };
}

interface RunOutcome {
  readonly ok: boolean;
  readonly html: string;
  readonly trace: string;
  readonly what: string;
}

const say = (line = '') => console.log(line ? `  ${line}` : '');

/** One protocol's run: simulate, trace-check against its spec, draw. */
async function demoRun(flags: DemoFlags, protocol: 'multi' | 'basic', head: (s: string) => void): Promise<RunOutcome> {
  const multi = protocol === 'multi';
  const defaults = multi ? MULTI_DEMO : BASIC_DEMO;
  const seed = flags.seed ?? defaults.seed;
  const steps = flags.steps ?? defaults.steps;
  const faults = parseFaults(flags.faults ?? defaults.faults);
  const name = multi ? 'Multi-Paxos' : 'Basic Paxos';
  const traceFile = join(flags.out, `${protocol}.ndjson`);

  head(`  simulating ${name} under faults`);
  const sim = multi ? simulateMultiDemo(seed, steps, faults, traceFile) : simulateBasicDemo(seed, steps, faults, traceFile);
  writeFileSync(traceFile, sim.text);

  const trace = parseTrace(traceFile, sim.text);
  head(`  trace-checking the run against spec/${trace.header.spec}.tla`);
  const progress = createProgress();
  const checkStart = performance.now();
  const report = await checkTrace(trace, {
    // Short runs need no progress line.
    onProgress: (d, t) => (performance.now() - checkStart > 2000 ? progress.update(`trace-check: ${formatCount(d)} of ${formatCount(t)} steps, ${formatSeconds((performance.now() - checkStart) / 1000)}`) : undefined),
  });
  progress.clear();
  for (const line of renderReport(report)) say(line);

  head('  drawing the report');
  const built = await buildReport(traceFile, { checked: report });
  const htmlFile = join(flags.out, `${protocol}.html`);
  writeFileSync(htmlFile, built.html);
  const s = built.summary;
  say(`  ${s.outcomeText}`);
  say(`  ${formatCount(s.sent)} messages sent, ${formatCount(s.lost)} lost, ${formatCount(s.duplicated)} duplicated; ${formatCount(s.crashes)} crashes, ${formatCount(s.partitions)} partition${s.partitions === 1 ? '' : 's'}`);
  say(`  ${formatCount(built.pages.length)} chart page(s): ${htmlFile}`);
  return { ok: sim.ok && !report.failure, html: resolve(htmlFile), trace: resolve(traceFile), what: `${name}, seed ${seed}` };
}

export async function runDemo(flags: DemoFlags): Promise<number> {
  const started = performance.now();
  const color = pc.isColorSupported;
  const head = (s: string) => console.log(color ? pc.bold(s) : s);
  const out = { log: (line = '') => console.log(line), color };
  const protocols: ('multi' | 'basic')[] = flags.protocol === 'both' ? ['multi', 'basic'] : [flags.protocol];
  const n = protocols.length + 1;

  head(`1/${n}  model checking the specs (embedded TLA+ engine)`);
  const { model, note } = demoModels(flags);
  say(note);
  const checked = await runCheck({ engine: 'embedded', ...(model ? { model } : {}) }, undefined, out);

  mkdirSync(flags.out, { recursive: true });
  const runs: RunOutcome[] = [];
  for (const [i, p] of protocols.entries()) {
    head(`${i + 2}/${n}  ${p === 'multi' ? 'Multi-Paxos: 3 servers and 3 key-value clients' : 'Basic Paxos: 3 servers, one instance after another'}`);
    runs.push(await demoRun(flags, p, head));
  }

  const ok = checked === 0 && runs.every((r) => r.ok);
  console.log();
  head(`paxos demo: ${ok ? 'everything held' : 'something failed (see above)'} in ${formatSeconds((performance.now() - started) / 1000)}`);
  for (const r of runs) say(`open ${r.html}  (${r.what})`);
  say(`the runs' traces: ${runs.map((r) => r.trace).join(', ')} (format: trace-check/README.md)`);
  if (!flags.allModels && !flags.model) say('every small model, MultiPaxos.small too: paxos demo --all-models');
  return ok ? 0 : 1;
}
