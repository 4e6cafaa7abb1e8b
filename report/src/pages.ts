// Long instances are cut into pages of a bounded number of steps, and a
// page whose SVG still comes out too big (a step that broadcasts to a
// hundred nodes, variables with huge values) is cut again, in halves,
// until every page is under the cap: a browser must never be handed one
// enormous SVG.
import type { Entry } from './entries.ts';
import type { InstanceView } from './instance.ts';
import { renderChart, type ChartContext } from './svg.ts';

export const DEFAULT_PAGE_STEPS = 80;
/** Bytes of SVG a page may hold. */
export const MAX_PAGE_BYTES = 1_000_000;

export interface Page {
  readonly instance: number;
  readonly entries: readonly Entry[];
  readonly first: number;
  readonly last: number;
  readonly steps: number;
  readonly svg: string;
}

/**
 * Cuts before steps only: the events right after a step (the messages it
 * lost, the copies the network made) stay on its page with it.
 */
export function splitBySteps(entries: readonly Entry[], pageSteps: number): Entry[][] {
  const pages: Entry[][] = [];
  let page: Entry[] = [];
  let steps = 0;
  for (const e of entries) {
    if (e.kind === 'step') {
      if (steps === pageSteps) {
        pages.push(page);
        page = [];
        steps = 0;
      }
      steps++;
    }
    page.push(e);
  }
  // A few steps left over join the page before rather than make a page of their own.
  const previous = pages.at(-1);
  if (previous && steps < pageSteps / 4) previous.push(...page);
  else if (page.length > 0) pages.push(page);
  return pages;
}

function halves(entries: readonly Entry[]): [Entry[], Entry[]] | null {
  const stepAt = entries.map((e, i) => (e.kind === 'step' ? i : -1)).filter((i) => i > 0);
  if (stepAt.length === 0) return null;
  const cut = stepAt[Math.floor(stepAt.length / 2)]!;
  return [entries.slice(0, cut), entries.slice(cut)];
}

export function paginate(ctx: ChartContext, view: InstanceView, opts: { pageSteps?: number; maxBytes?: number } = {}): Page[] {
  const maxBytes = opts.maxBytes ?? MAX_PAGE_BYTES;
  const out: Page[] = [];
  const render = (entries: readonly Entry[]) => {
    const svg = renderChart(ctx, view, entries);
    const split = Buffer.byteLength(svg) > maxBytes ? halves(entries) : null;
    if (split) {
      render(split[0]);
      render(split[1]);
      return;
    }
    out.push({ instance: view.instance, entries, first: entries[0]!.line, last: entries.at(-1)!.line, steps: entries.filter((e) => e.kind === 'step').length, svg });
  };
  for (const entries of splitBySteps(view.entries, opts.pageSteps ?? DEFAULT_PAGE_STEPS)) render(entries);
  return out;
}
