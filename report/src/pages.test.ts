// Long instances are paged, and no page's SVG is above the cap: a run
// under heavy faults (instances of hundreds of steps, partitions) at the
// default page size, and again with a cap small enough to force pages to
// be cut in halves.  Pages cut before steps only, and every message sent
// is drawn on exactly one page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeConfig } from '../../impl/src/basic/config.ts';
import { parseFaults } from '../../impl/src/runtime/sim/faults.ts';
import { simulateToTrace } from '../../impl/src/runtime/sim/trace.ts';
import { parseRun } from './entries.ts';
import { DEFAULT_PAGE_STEPS, MAX_PAGE_BYTES, splitBySteps } from './pages.ts';
import { buildReport } from './report.ts';
import { count, pagesInHtml } from './test-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-report-pages-'));
const config = makeConfig({ proposers: ['s1', 's2', 's3'], acceptors: ['s1', 's2', 's3'], learners: ['s1', 's2', 's3'] });
const { text } = simulateToTrace({ config, seed: 3, steps: 2500, faults: parseFaults('loss=0.5,dup=0.2,crash=0.03,partition=0.01') });
const file = join(dir, 'long.ndjson');
writeFileSync(file, text);
const run = parseRun(file, text);
const totalSent = run.trace.steps.reduce((n, s) => n + s.step.sent.length, 0);
const stepsOf = (i: number) => run.trace.steps.filter((s) => (s.step.instance ?? 0) === i).length;
const longest = Math.max(...[...run.instances.keys()].map(stepsOf));

describe('pages', () => {
  test('cut before steps only, a short remainder joining the page before', () => {
    const entries = run.instances.get(0)!;
    const pages = splitBySteps(entries, 10);
    expect(pages.flat()).toEqual(entries);
    for (const p of pages.slice(1)) expect(p[0]!.kind).toBe('step');
    const steps = pages.map((p) => p.filter((e) => e.kind === 'step').length);
    expect(steps.slice(0, -1).every((n) => n === 10)).toBe(true);
    expect(steps.at(-1)).toBeGreaterThanOrEqual(10 / 4);
    expect(steps.at(-1)).toBeLessThan(10 * 1.25);
  });

  test(`a long instance (${longest} steps) is paged at ${DEFAULT_PAGE_STEPS} steps, no page's SVG above ${MAX_PAGE_BYTES} bytes`, async () => {
    expect(longest).toBeGreaterThan(3 * DEFAULT_PAGE_STEPS);
    const r = await buildReport(file, { check: false });
    const pages = pagesInHtml(r.html);
    expect(pages.length).toBeGreaterThan(run.instances.size);
    for (const p of pages) expect(Buffer.byteLength(p.svg), p.id).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    const big = [...run.instances.keys()].find((i) => stepsOf(i) === longest)!;
    expect(pages.filter((p) => p.instance === big).length).toBeGreaterThanOrEqual(Math.floor(longest / DEFAULT_PAGE_STEPS));
    // Every step on one page; every message sent drawn once, on its sender's page.
    const steps = pages.flatMap((p) => [...p.svg.matchAll(/<g class="step [^"]*" data-line="(\d+)"/g)].map((m) => Number(m[1])));
    expect(steps).toEqual(run.trace.steps.map((s) => s.line));
    expect(pages.reduce((n, p) => n + count(p.svg, 'msg'), 0)).toBe(totalSent);
    expect(pages.some((p) => count(p.svg, 'partition-band') > 0)).toBe(true);
    expect(pages.some((p) => count(p.svg, 'msg-in') > 0)).toBe(true);
  });

  test('a page over the cap is cut in halves until it fits', async () => {
    const cap = 40_000;
    const r = await buildReport(file, { check: false, pageSteps: 400, maxPageBytes: cap });
    const pages = pagesInHtml(r.html);
    for (const p of pages) expect(Buffer.byteLength(p.svg), p.id).toBeLessThanOrEqual(cap);
    expect(pages.length).toBeGreaterThan(splitBySteps(run.entries, 400).length);
    expect(pages.reduce((n, p) => n + count(p.svg, 'msg'), 0)).toBe(totalSent);
  });

  test("beyond the report's budget, instances are listed but not drawn", async () => {
    const r = await buildReport(file, { check: false, maxReportBytes: 1 });
    const drawn = new Set(pagesInHtml(r.html).map((p) => p.instance));
    expect(drawn.size).toBe(1);
    expect(r.undrawn.size).toBe(run.instances.size - 1);
    expect(r.html).toMatch(/<li id="nav-1" class="undrawn">.*over the report's size budget \(draw it with --instance 1\)/);
    const only = await buildReport(file, { check: false, instances: new Set([2]) });
    expect(new Set(pagesInHtml(only.html).map((p) => p.instance))).toEqual(new Set([2]));
  });
});
