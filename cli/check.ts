// `paxos check`: model-check the specs' models, or the seeded spec bugs.
import pc from 'picocolors';
import { relative } from 'node:path';
import { selectModels, type Model } from '../modelcheck/src/models.ts';
import { checkModel, type CheckReport, type EngineName } from '../modelcheck/src/check-model.ts';
import { renderCounterexample } from '../modelcheck/src/counterexample.ts';
import { allMutants, mutantSources } from '../modelcheck/src/mutants.ts';
import { checkProofModel, selectProofModels, type ProofModel } from '../proofs-notes/src/proof-models.ts';
import { createProgress, formatCount, formatSeconds, type Progress } from './progress.ts';

export interface CheckCommandOptions {
  model?: string[];
  engine: EngineName;
  all?: boolean;
  list?: boolean;
  mutants?: boolean;
  /** Check the proof notes' models (proofs-notes/tla/) instead of the specs'. */
  proofs?: boolean;
  timeout?: number;
  maxStates?: number;
  verbose?: boolean;
}

interface Out {
  log(line?: string): void;
  color: boolean;
}

const rel = (p: string) => relative(process.cwd(), p) || p;

function tickText(label: string, elapsedMs: number, model: Model, engineLine?: string): string {
  const parts = [`${label}: ${formatSeconds(elapsedMs / 1000)} elapsed`];
  if (engineLine) parts.push(engineLine.trim());
  else {
    parts.push(`${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB in use`);
    if (model.expected.seconds && model.expected.distinct) {
      parts.push(`the pinned run took ~${formatSeconds(model.expected.seconds)} for ${formatCount(model.expected.distinct)} states`);
    }
  }
  return parts.join(' · ');
}

function summaryLine(report: CheckReport, out: Out): string {
  const ok = out.color ? pc.green('✔') : 'ok';
  const bad = out.color ? pc.red('✘') : 'FAIL';
  const figures = [
    report.distinct !== undefined ? `${formatCount(report.distinct)} distinct states` : undefined,
    report.depth ? `depth ${report.depth.exact ? '' : '≤ '}${report.depth.value}` : undefined,
    formatSeconds(report.seconds),
  ].filter(Boolean).join(' · ');
  const mark = report.outcome === 'ok' && report.pinProblems.length === 0 ? ok : bad;
  return `  ${report.model.padEnd(18)} ${mark}  ${figures}`;
}

function printReport(report: CheckReport, out: Out, verbose: boolean): void {
  out.log(summaryLine(report, out));
  if (report.outcome === 'violation' && report.violation) {
    const v = report.violation;
    out.log(`      ${v.property === 'deadlock' ? 'deadlock reached' : `invariant ${v.property} is violated`} after ${v.states.length - 1} steps:`);
    out.log(renderCounterexample(v.states, { color: out.color }));
  }
  if (report.outcome === 'error') {
    out.log(`      error: ${report.error}`);
    if (verbose && report.errorStates) out.log(renderCounterexample(report.errorStates, { color: out.color }));
  }
  for (const p of report.pinProblems) out.log(`      pin: ${p}`);
}

export async function runCheck(opts: CheckCommandOptions, spec: string | undefined, out: Out, progress: Progress = createProgress()): Promise<number> {
  if (opts.mutants) return runMutants(opts, out, progress, spec);
  const select: Parameters<typeof selectModels>[0] = {};
  if (spec !== undefined) select.spec = spec;
  if (opts.model !== undefined) select.model = opts.model;
  if (opts.all !== undefined || opts.list) select.all = true;
  const models: Model[] = opts.proofs ? selectProofModels(select) : selectModels(select);
  if (opts.list) {
    for (const m of models) {
      out.log(`${m.name}  (${m.tier}; ${rel(m.cfgFile)})`);
      out.log(`    ${m.summary.split('\n')[0] ?? ''}`);
      const e = m.expected;
      out.log(`    pinned: ${e.distinct !== undefined ? formatCount(e.distinct) : '?'} distinct states, depth ${e.depth ?? '?'}${e.seconds ? `, ~${formatSeconds(e.seconds)} on the embedded engine` : ''}`);
    }
    return 0;
  }
  const modules = [...new Set(models.map((m) => `${m.module} (${rel(m.specFile)})`))];
  out.log(`paxos check${opts.proofs ? ' --proofs' : ''}: ${modules.join(', ')} with the ${opts.engine === 'tlc' ? 'TLC' : 'embedded (tla-checker)'} engine`);
  let failures = 0;
  for (const model of models) {
    const check = opts.proofs ? (m: Model, o: Parameters<typeof checkModel>[2]) => checkProofModel(m as ProofModel, o, opts.engine) : (m: Model, o: Parameters<typeof checkModel>[2]) => checkModel(m, opts.engine, o);
    const report = await check(model, {
      ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
      ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
      onTick: (ms, line) => progress.update(tickText(model.name, ms, model, line)),
    });
    progress.clear();
    printReport(report, out, opts.verbose ?? false);
    if (report.outcome !== 'ok' || report.pinProblems.length > 0) failures++;
  }
  out.log(
    failures === 0
      ? `${models.length} model${models.length === 1 ? '' : 's'} checked: every invariant holds and every count matches its pin.${opts.proofs ? ' (What each shows: proofs-notes/README.md.)' : ''}`
      : `${failures} of ${models.length} model${models.length === 1 ? '' : 's'} failed.`,
  );
  return failures === 0 ? 0 : 1;
}

async function runMutants(opts: CheckCommandOptions, out: Out, progress: Progress, spec?: string): Promise<number> {
  // A spec named: its own mutants only (those seeded into one of its models).
  const ofSpec = spec === undefined ? null : new Set(selectModels({ spec, all: true }).map((m) => m.name));
  const mutants = ofSpec ? allMutants.filter((m) => ofSpec.has(m.model)) : allMutants;
  out.log(`paxos check --mutants: each seeded spec bug must be rejected with a counterexample${ofSpec ? ` (the ${mutants.length} of ${[...ofSpec].map((n) => n.split('.')[0]).filter((v, i, a) => a.indexOf(v) === i).join(', ')})` : ''}`);
  let survivors = 0;
  for (const mutant of mutants) {
    const { model, spec, cfg } = mutantSources(mutant);
    const report = await checkModel(model, 'embedded', {
      specSource: spec,
      cfgSource: cfg,
      ignorePins: true,
      ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
      onTick: (ms) => progress.update(tickText(`mutant ${mutant.name}`, ms, model)),
    });
    progress.clear();
    // Rejected means: a counterexample to the very property the bug breaks.
    const caught = report.outcome === 'violation' && report.violation?.property === mutant.violates;
    if (!caught) survivors++;
    const mark = caught ? (out.color ? pc.green('✔ rejected') : 'rejected') : out.color ? pc.red('✘ NOT rejected') : 'NOT REJECTED';
    const how = caught
      ? `${report.violation!.property} violated after ${report.violation!.states.length - 1} steps (${formatCount(report.distinct ?? 0)} states, ${formatSeconds(report.seconds)})`
      : report.violation
        ? `${report.violation.property} violated, but the seeded bug breaks ${mutant.violates}`
        : report.error ?? `no property violated in ${formatCount(report.distinct ?? 0)} states`;
    out.log(`  ${mutant.name.padEnd(36)} ${mark}: ${how}`);
    out.log(`      bug: ${mutant.bug}`);
    if (caught && opts.verbose) out.log(renderCounterexample(report.violation!.states, { color: out.color }));
  }
  out.log(survivors === 0 ? `All ${mutants.length} mutants rejected.` : `${survivors} mutant(s) survived: the checker missed a seeded bug.`);
  return survivors === 0 ? 0 : 1;
}
