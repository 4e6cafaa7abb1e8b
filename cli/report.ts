// `paxos report TRACE`: the run as an HTML message-sequence chart, with
// trace-check's verdict on top.  The exit status says whether the report
// was written (0), or the trace could not be read (2); the verdict is in
// the report and the summary (`paxos trace-check` exits 1 on a failure).
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { TraceFormatError } from '../trace-check/src/format.ts';
import { DEFAULT_PAGE_STEPS } from '../report/src/pages.ts';
import { buildReport } from '../report/src/report.ts';
import { positiveInt } from './cluster-options.ts';
import { createProgress, formatCount } from './progress.ts';

interface ReportFlags {
  out?: string;
  pageSteps?: number;
  instance?: Set<number>;
  check: boolean;
}

/** `3`, `0,2`, `4-7`: the instances to draw. */
function instanceList(value: string): Set<number> {
  const out = new Set<number>();
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new InvalidArgumentError(`--instance takes numbers and ranges, e.g. 3 or 0,2,5-7; got '${value}'`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let i = from; i <= to; i++) out.add(i);
  }
  return out;
}

/** The trace's name with .html for its extension. */
export function defaultOut(trace: string): string {
  return /\.[^./\\]+$/.test(trace) ? trace.replace(/\.[^./\\]+$/, '.html') : `${trace}.html`;
}

export function addReportCommand(program: Command): void {
  program
    .command('report')
    .description('draw a trace as a message-sequence chart in one self-contained HTML file, with the trace-check verdict on top')
    .argument('<trace>', 'the trace (NDJSON), e.g. from paxos simulate --trace')
    .option('-o, --out <file>', 'the HTML file to write (default: the trace with .html)')
    .option('--page-steps <n>', `steps per page of a chart (default ${DEFAULT_PAGE_STEPS})`, positiveInt('--page-steps'))
    .option('--instance <list>', 'draw only these instances, e.g. 3 or 0,2,5-7 (all are still listed)', instanceList)
    .option('--no-check', 'do not run trace-check (the report then has no verdict)')
    .action(async (trace: string, flags: ReportFlags) => {
      process.exitCode = await runReport(trace, flags);
    });
}

export async function runReport(trace: string, flags: ReportFlags): Promise<number> {
  const out = flags.out ?? defaultOut(trace);
  const progress = createProgress();
  const started = performance.now();
  try {
    const r = await buildReport(trace, {
      check: flags.check,
      ...(flags.pageSteps ? { pageSteps: flags.pageSteps } : {}),
      ...(flags.instance ? { instances: flags.instance } : {}),
      checkOptions: {
        onProgress: (done, total) => {
          const s = (performance.now() - started) / 1000;
          if (s >= 2) progress.update(`report: trace-check ${formatCount(done)} of ${formatCount(total)} steps`);
        },
      },
    });
    progress.clear();
    writeFileSync(out, r.html);
    const s = r.summary;
    const c = r.check;
    const verdict = !c ? `not checked: ${r.unchecked ?? ''}` : c.failure ? `line ${c.failure.failure.line}: not a behaviour of ${c.spec} (instance ${c.failure.instance}): ${c.failure.diagnosis.headline}` : `every step is a step of ${c.spec}`;
    const kb = (n: number) => `${formatCount(Math.ceil(n / 1024))} KB`;
    const largest = r.pages.reduce((m, p) => Math.max(m, Buffer.byteLength(p.svg)), 0);
    console.log(`paxos report: ${out}`);
    console.log(`  verdict: ${verdict}`);
    console.log(`  lines: ${formatCount(s.lines)} (${formatCount(s.steps)} steps, ${formatCount(s.events)} events), ${s.outcomeText}`);
    console.log(`  messages: ${formatCount(s.sent)} sent, ${formatCount(s.lost)} lost, ${formatCount(s.duplicated)} duplicated, ${formatCount(s.inFlight)} never arrived; crashes: ${formatCount(s.crashes)}, partitions: ${formatCount(s.partitions)}`);
    console.log(`  charts: ${formatCount(r.pages.length)} page(s), the largest ${kb(largest)}; ${kb(Buffer.byteLength(r.html))} in all${r.undrawn.size > 0 ? `; ${formatCount(r.undrawn.size)} instance(s) listed but not drawn` : ''}`);
    return 0;
  } catch (e) {
    progress.clear();
    if (e instanceof TraceFormatError) {
      console.error(`paxos report: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
