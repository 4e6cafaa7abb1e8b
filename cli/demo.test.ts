// `paxos demo` as a newcomer runs it (one model and the Multi-Paxos run,
// to stay short in CI): it checks, simulates, trace-checks and draws, and
// says where to look.  The default seed's promises are checked on the
// trace it wrote, counted here from its lines: lost messages, a crash and
// a leader change, the first two on the page the report opens on.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_PAGE_STEPS } from '../report/src/pages.ts';
import { count, pagesInHtml } from '../report/src/test-pages.ts';
import { selectModels } from '../modelcheck/src/models.ts';
import { DEMO_MODELS } from './demo.ts';
import { runPaxos } from './run-paxos.ts';

describe('paxos demo', () => {
  test('runs the whole loop on Multi-Paxos and prints the paths to open', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'paxos-demo-')), 'demo');
    const r = runPaxos(['demo', '--out', out, '--protocol', 'multi', '-m', 'Paxos.weighted']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1\/2 {2}model checking[\s\S]*Paxos\.weighted +ok {2}9,814 distinct states/);
    expect(r.stdout).toMatch(/2\/2 {2}Multi-Paxos[\s\S]*simulating Multi-Paxos under faults[\s\S]*safety after every step: held; clients' history linearizable: yes/);
    expect(r.stdout).toMatch(/trace-checking the run against spec\/MultiPaxos\.tla[\s\S]*every step is a step of MultiPaxos/);
    expect(r.stdout).toMatch(/drawing the report[\s\S]*slots chosen: \d+, applied: \d+; commands committed: \d+; replies: \d+; leader changes: \d+/);
    expect(r.stdout).toMatch(/paxos demo: everything held in [\d.]+ s/);
    expect(r.stdout).toContain(`open ${join(out, 'multi.html')}  (Multi-Paxos, seed 11)`);

    // The default run shows what the demo promises, counted from the trace.
    const lines = readFileSync(join(out, 'multi.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const body = lines.slice(1).map((l, i) => ({ line: i + 2, l }));
    const leaders = body.filter(({ l }) => l.action === 'BecomeLeader').map(({ l }) => l.node as string);
    expect(leaders.some((n, i) => i > 0 && n !== leaders[i - 1]), `leaders in turn: ${leaders.join(' ')}`).toBe(true);
    const stepLines = body.filter(({ l }) => l.action !== undefined).map(({ line }) => line);
    const firstPageEnd = stepLines[DEFAULT_PAGE_STEPS] ?? Infinity;
    const firstPage = body.filter(({ line }) => line < firstPageEnd).map(({ l }) => l);
    expect(firstPage.filter((l) => l.event === 'lost').length).toBeGreaterThan(0);
    expect(firstPage.filter((l) => l.input?.kind === 'crash').length).toBeGreaterThan(0);
    const trace = /time: ([\d.]+) s/.exec(r.stdout.slice(r.stdout.indexOf('trace-checking')));
    expect(Number(trace?.[1])).toBeLessThan(10);

    const html = readFileSync(join(out, 'multi.html'), 'utf8');
    expect(html).toContain('Every step is a step of MultiPaxos');
    const page = pagesInHtml(html)[0]!;
    expect(count(page.svg, 'lost-mark')).toBe(firstPage.filter((l) => l.event === 'lost').length);
    expect(count(page.svg, 'crash-mark')).toBe(firstPage.filter((l) => l.input?.kind === 'crash').length);
    expect(existsSync(join(out, 'basic.html'))).toBe(false);
  });

  test('the default models are small models whose pinned times fit in a minute; --model and --all-models are exclusive', () => {
    const small = new Map(selectModels({}).map((m) => [m.name, m]));
    const seconds = DEMO_MODELS.map((name) => small.get(name)?.expected.seconds ?? Infinity);
    expect(seconds.reduce((a, b) => a + b, 0)).toBeLessThan(45);
    expect(small.size).toBeGreaterThan(DEMO_MODELS.length);
    const r = runPaxos(['demo', '--model', 'Paxos.small', '--all-models']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--model and --all-models: give one or the other');
  });
});
