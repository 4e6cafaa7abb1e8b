// `paxos demo` as a newcomer runs it (one model, to stay short in CI): it
// checks, simulates, trace-checks and draws, and says where to look.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPaxos } from './run-paxos.ts';

describe('paxos demo', () => {
  test('runs the whole loop and prints the paths to open', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'paxos-demo-')), 'demo');
    const r = runPaxos(['demo', '--out', out, '-m', 'Paxos.weighted', '--steps', '1000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\/4 {2}model checking[\s\S]*Paxos\.weighted +ok {2}9,814 distinct states/);
    expect(r.stdout).toMatch(/2\/4 {2}simulating[\s\S]*safety after every step: held/);
    expect(r.stdout).toMatch(/3\/4 {2}trace-checking[\s\S]*every step is a step of Paxos/);
    expect(r.stdout).toMatch(/4\/4 {2}drawing the report/);
    expect(r.stdout).toMatch(/paxos demo: everything held in [\d.]+ s/);
    expect(r.stdout).toContain(`open ${join(out, 'report.html')}`);
    expect(existsSync(join(out, 'run.ndjson'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Every step is a step of Paxos');
    expect(html).toMatch(/<svg[^>]*>[\s\S]*<\/svg>/);
  });
});
