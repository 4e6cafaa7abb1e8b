// `paxos report` as a user runs it: the report next to the trace (or where
// --out says), its path and the run's figures printed; a malformed trace is
// the reader's one line, exit 2.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultOut } from './report.ts';
import { runPaxos } from './run-paxos.ts';

const paxos = (args: string[]) => runPaxos(args);

const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-report-'));
const trace = join(dir, 'run.ndjson');

describe('paxos report', () => {
  test('writes the report beside the trace and prints its path and figures', () => {
    expect(paxos(['simulate', '--seed', '7', '--steps', '300', '--faults', 'loss=0.2,dup=0.1,crash=0.05', '--trace', trace]).code).toBe(0);
    const r = paxos(['report', trace]);
    expect(r.code).toBe(0);
    const out = join(dir, 'run.html');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`paxos report: ${out}`);
    expect(lines[1]).toBe('  verdict: every step is a step of Paxos');
    expect(r.stdout).toMatch(/lines: [\d,]+ \([\d,]+ steps, [\d,]+ events\), instances: \d+ \(\d+ with a value chosen\)/);
    expect(r.stdout).toMatch(/messages: [\d,]+ sent, \d+ lost, \d+ duplicated, \d+ never arrived; crashes: \d+, partitions: 0/);
    expect(r.stdout).toMatch(/charts: \d+ page\(s\), the largest [\d,]+ KB; [\d,]+ KB in all/);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });

  test('--out, --page-steps, --instance and --no-check', () => {
    const out = join(dir, 'one.html');
    const r = paxos(['report', trace, '--out', out, '--page-steps', '20', '--instance', '1', '--no-check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verdict: not checked: the report was made without running trace-check (--no-check)');
    expect(r.stdout).toMatch(/instance\(s\) listed but not drawn/);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="p-1-2"');
    expect(html).not.toContain('id="p-0-1"');
  });

  test('a trace of a spec trace-check does not know is drawn, unchecked', () => {
    const other = join(dir, 'other.ndjson');
    writeFileSync(other, readFileSync(trace, 'utf8').replace('"spec":"Paxos"', '"spec":"Raft"'));
    const r = paxos(['report', other]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verdict: not checked: trace-check knows no spec Raft (it knows Paxos, MultiPaxos)');
    expect(readFileSync(join(dir, 'other.html'), 'utf8')).toContain('<h2>Not checked</h2>');
  });

  test('a malformed trace is one line with file, line and field, exit 2', () => {
    const bad = join(dir, 'malformed.ndjson');
    writeFileSync(bad, `${readFileSync(trace, 'utf8').split('\n')[0]}\n{"seq":1,"node":"s1","action":"Phase1a","params":{"p":0},"sent":[]}\n`);
    const r = paxos(['report', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paxos report: ${bad}:2: vars: missing or not an object\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'malformed.html'))).toBe(false);
  });

  test('the default output name', () => {
    expect(defaultOut('out.ndjson')).toBe('out.html');
    expect(defaultOut('runs/a.b/trace')).toBe('runs/a.b/trace.html');
    expect(defaultOut('x.trace')).toBe('x.html');
  });
});
