// From a trace file to the report: read it (the checker's reader, so a
// malformed file fails the same way), check it against the spec, pair the
// messages, find the chosen moments, draw the pages, write the HTML.
import { checkTrace, type CheckOptions, type CheckReport } from '../../trace-check/src/check.ts';
import { PROFILES } from '../../trace-check/src/profiles.ts';
import { readRun } from './entries.ts';
import { renderHtml } from './html.ts';
import { instanceView, type InstanceView } from './instance.ts';
import { columns } from './layout.ts';
import { matchMessages } from './messages.ts';
import { hasNetNotes } from './net.ts';
import { protocolFor } from './protocol.ts';
import { lifelines } from './nodes.ts';
import { paginate, type Page } from './pages.ts';
import { summarize, type Summary } from './summary.ts';
import { renderHeads, type ChartContext } from './svg.ts';

/** SVG a whole report may hold before further instances are left out (listed, not drawn). */
export const MAX_REPORT_BYTES = 40_000_000;

export interface ReportOptions {
  /** Steps per page (default pages.ts DEFAULT_PAGE_STEPS). */
  pageSteps?: number;
  maxPageBytes?: number;
  maxReportBytes?: number;
  /** Draw only these instances (all are still listed and counted). */
  instances?: ReadonlySet<number>;
  /** false: do not run trace-check (the verdict says so). */
  check?: boolean;
  checkOptions?: CheckOptions;
  /** The trace-check verdict on this very file, when the caller already has it (not checked again). */
  checked?: CheckReport;
}

export interface BuiltReport {
  readonly html: string;
  readonly summary: Summary;
  readonly check: CheckReport | null;
  /** Why there is no verdict, when there is none. */
  readonly unchecked: string | null;
  readonly pages: readonly Page[];
  readonly views: readonly InstanceView[];
  readonly undrawn: ReadonlyMap<number, string>;
}

export async function buildReport(file: string, opts: ReportOptions = {}): Promise<BuiltReport> {
  const run = readRun(file);
  // A trace of a spec the checker does not know is still worth drawing.
  const known = PROFILES.has(run.trace.header.spec);
  const unchecked = opts.check === false ? 'the report was made without running trace-check (--no-check)' : known ? null : `trace-check knows no spec ${run.trace.header.spec} (it knows ${[...PROFILES.keys()].join(', ')})`;
  const check = unchecked === null ? (opts.checked ?? (await checkTrace(run.trace, opts.checkOptions ?? {}))) : null;
  const protocol = protocolFor(run.trace.header);
  const views = [...run.instances].map(([i, entries]) => instanceView(i, entries, (es) => protocol.chosen(es, run.trace.header)));
  const matching = matchMessages(run.entries);
  const lines = lifelines(run);
  const cols = columns(lines);
  const byLine = new Map(run.entries.map((e) => [e.line, e]));

  const failures = new Map<number, string>();
  const failedInstances = new Set<number>();
  if (check?.failure) {
    const f = check.failure;
    failures.set(f.failure.line, `not a ${check.spec} step\n${f.diagnosis.headline}`);
    failedInstances.add(f.instance);
  }
  for (const o of check?.otherFailures ?? []) {
    failures.set(o.line, `not a ${check?.spec ?? 'spec'} step\nthis instance fails too (run trace-check on it)`);
    failedInstances.add(o.instance);
  }
  const ctx: ChartContext = { lifelines: lines, cols, matching, at: (l) => byLine.get(l), failures, protocol, labels: protocol.stepLabels(run), ...(protocol.stepStates ? { states: protocol.stepStates(run) } : {}) };

  // Failing instances first, then in file order, while the budget lasts.
  const budget = opts.maxReportBytes ?? MAX_REPORT_BYTES;
  const undrawn = new Map<number, string>();
  const drawn = new Map<number, Page[]>();
  let bytes = 0;
  const order = [...views.filter((v) => failedInstances.has(v.instance)), ...views.filter((v) => !failedInstances.has(v.instance))];
  for (const v of order) {
    if (opts.instances && !opts.instances.has(v.instance)) {
      undrawn.set(v.instance, 'not selected (--instance)');
      continue;
    }
    if (bytes >= budget) {
      undrawn.set(v.instance, `over the report's size budget (draw it with --instance ${v.instance})`);
      continue;
    }
    const pages = paginate(ctx, v, { ...(opts.pageSteps ? { pageSteps: opts.pageSteps } : {}), ...(opts.maxPageBytes ? { maxBytes: opts.maxPageBytes } : {}) });
    bytes += pages.reduce((n, p) => n + p.svg.length, 0);
    drawn.set(v.instance, pages);
  }
  const pages = views.flatMap((v) => drawn.get(v.instance) ?? []);
  const summary = summarize(run, matching, views, protocol, hasNetNotes(run.entries));
  const html = renderHtml({
    file,
    spec: run.trace.header.spec,
    source: run.trace.header.source,
    deployment: protocol.deployment(lines),
    check,
    unchecked,
    summary,
    views,
    pages,
    heads: renderHeads(ctx),
    chartWidth: cols.width,
    undrawn,
    protocol,
  });
  return { html, summary, check, unchecked, pages, views, undrawn };
}
