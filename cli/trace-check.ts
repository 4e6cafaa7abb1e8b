// `paxos trace-check FILE`: replay an execution log against the TLA+ spec
// it claims to implement, step by step, with the embedded engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import pc from 'picocolors';
import { checkTraceFile, DEFAULT_MAX_HIDDEN } from '../trace-check/src/check.ts';
import { DEFAULT_MUTATION, runCatalogue, runControl } from '../trace-check/src/mutation.ts';
import { runMultiMutants } from './mutants-multi.ts';
import { TraceFormatError } from '../trace-check/src/format.ts';
import { requireTlc, TlcUnavailable } from '../trace-check/src/tlc.ts';
import { PLAIN, renderReport } from '../trace-check/src/render.ts';
import { specDir } from '../modelcheck/src/models.ts';
import { nonNegativeInt, positiveInt } from './cluster-options.ts';
import { createProgress, formatCount } from './progress.ts';

interface TraceCheckFlags {
  spec?: string;
  engine: 'embedded' | 'tlc';
  maxHidden?: number;
  chunk?: number;
  workers?: number;
  mutants?: boolean;
  protocol: 'basic' | 'multi' | 'all';
}

export function addTraceCheckCommand(program: Command): void {
  program
    .command('trace-check')
    .description('check that every step of an execution log (NDJSON, trace-check/trace.schema.json) is a step of the TLA+ spec, landing on the logged state')
    .argument('[file]', 'the trace, e.g. from paxos simulate --trace')
    .option('--spec <file|module>', 'the spec to check against (default: the module the trace header names, from spec/)')
    .addOption(new Option('-e, --engine <engine>', 'TLA+ engine').choices(['embedded', 'tlc']).default('embedded'))
    .option('-k, --max-hidden <k>', `unlogged spec steps the checker may assume before a logged step (default: 0 if the trace header says it is complete, else ${DEFAULT_MAX_HIDDEN})`, nonNegativeInt('--max-hidden'))
    .option('--chunk <n>', 'steps per model-checker run', positiveInt('--chunk'))
    .option('--workers <n>', 'engine threads (default: one per core)', positiveInt('--workers'))
    .option('--mutants', 'instead of a file: simulate each seeded bug of the mutation catalogue under faults, check its trace, and report the kill rate')
    .addOption(new Option('--protocol <protocol>', "with --mutants: whose catalogue (all: both tables)").choices(['basic', 'multi', 'all']).default('basic'))
    .action(async (file: string | undefined, flags: TraceCheckFlags) => {
      if (flags.mutants) {
        const basic = flags.protocol === 'multi' ? 0 : await runMutants();
        const multi = flags.protocol === 'basic' ? 0 : await runMultiMutants();
        process.exitCode = Math.max(basic, multi);
        return;
      }
      if (file === undefined) throw new InvalidArgumentError('give a trace file (or --mutants)');
      process.exitCode = await runTraceCheck(file, flags);
    });
}

function specFile(spec: string | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const path = spec.endsWith('.tla') ? resolve(spec) : resolve(specDir, `${spec}.tla`);
  if (!existsSync(path)) throw new InvalidArgumentError(`--spec: no such spec file ${path}`);
  return path;
}

export async function runTraceCheck(file: string, flags: TraceCheckFlags): Promise<number> {
  let tlcJar: string | undefined;
  if (flags.engine === 'tlc') {
    try {
      tlcJar = requireTlc();
    } catch (e) {
      if (!(e instanceof TlcUnavailable)) throw e;
      console.error(`paxos trace-check: --engine tlc: ${e.message}`);
      return 2;
    }
  }
  const style = pc.isColorSupported ? { bold: pc.bold, red: pc.red, green: pc.green, dim: pc.dim } : PLAIN;
  const progress = createProgress();
  const started = performance.now();
  try {
    const path = specFile(flags.spec);
    const report = await checkTraceFile(file, {
      ...(flags.maxHidden !== undefined ? { maxHidden: flags.maxHidden } : {}),
      ...(path ? { specFile: path } : {}),
      ...(flags.chunk ? { chunkSize: flags.chunk } : {}),
      ...(flags.workers ? { workers: flags.workers } : {}),
      ...(tlcJar ? { tlcJar } : {}),
      onProgress: (done, total) => {
        const s = (performance.now() - started) / 1000;
        if (s < 2) return; // short runs need no progress line
        progress.update(`trace-check: ${formatCount(done)} of ${formatCount(total)} steps, ${formatCount(Math.round(done / Math.max(s, 0.001)))} steps/s`);
      },
    });
    progress.clear();
    for (const line of renderReport(report, style)) console.log(line);
    return report.failure ? 1 : 0;
  } catch (e) {
    progress.clear();
    if (e instanceof TraceFormatError || e instanceof InvalidArgumentError) {
      console.error(`paxos trace-check: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

export async function runMutants(): Promise<number> {
  const o = DEFAULT_MUTATION;
  console.log(`paxos trace-check --mutants: each bug of the catalogue, simulated (3 servers, ${formatCount(o.steps)} steps, faults ${o.faults}, seeds ${o.seeds.join(',')} until caught), then trace-checked`);
  const results = await runCatalogue({
    ...o,
    onResult: (r) => {
      const f = r.report?.failure;
      const where = f ? `caught: seed ${r.seed}, line ${f.failure.line}: ${f.diagnosis.headline}` : `NOT CAUGHT in ${r.seedsTried} runs`;
      console.log(`  ${r.bug.flag.padEnd(26)} ${where}`);
    },
  });
  const control = await runControl(o);
  const killed = results.filter((r) => r.seed !== null).length;
  const clean = control.filter((r) => !r.failure).length;
  console.log(`kill rate: ${killed}/${results.length}; the same ${control.length} runs without a bug: ${clean} pass`);
  return killed === results.length && clean === control.length ? 0 : 1;
}
