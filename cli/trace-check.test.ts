// `paxos trace-check` as a user runs it: the README's run, a corrupted
// line, a malformed file, and the progress line when output is not a
// terminal.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPaxos } from './run-paxos.ts';

const paxos = (args: string[]) => runPaxos(args);

const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-tc-'));
const trace = join(dir, 'out.ndjson');

describe('paxos trace-check', () => {
  test('the README run: a simulated trace passes, with the summary', () => {
    expect(paxos(['simulate', '--seed', '7', '--steps', '3000', '--faults', 'loss=0.2,dup=0.1,crash=0.01', '--trace', trace]).code).toBe(0);
    const r = paxos(['trace-check', trace]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/every step is a step of Paxos, and every state satisfies its invariants/);
    expect(r.stdout).toMatch(/lines: [\d,]+ \([\d,]+ steps, [\d,]+ events\), instances: \d+/);
    expect(r.stdout).toMatch(/actions: .*Phase2a [\d,]+/);
    expect(r.stdout).toMatch(/hidden steps inserted: none/);
    expect(r.stdout).toMatch(/time: [\d.]+ s \([\d,]+ steps\/s\)/);
  });

  test('a corrupted line fails at that line, with the reason and the lines before it', () => {
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    const i = lines.findIndex((l) => l.includes('"action":"Phase1a"'));
    const l = JSON.parse(lines[i]!) as { params: { b: number } };
    l.params.b += 1;
    lines[i] = JSON.stringify(l);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const r = paxos(['trace-check', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`${bad}:${i + 1}: not a behaviour of Paxos (instance 0)`);
    expect(r.stdout).toMatch(/Phase1a\(\d, \d+\) is not (enabled|a step)/);
  });

  test('a malformed file is one line with file, line and field, exit 2', () => {
    const bad = join(dir, 'malformed.ndjson');
    writeFileSync(bad, `${readFileSync(trace, 'utf8').split('\n')[0]}\n{"seq":1,"node":"s1","action":"Phase1a","params":{"p":0},"sent":[]}\n`);
    const r = paxos(['trace-check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paxos trace-check: ${bad}:2: vars: missing or not an object\n`);
    expect(r.stdout).toBe('');
  });

  test("the explorer's counterexample, written with --trace, fails at the vote below the promise", () => {
    const cex = join(dir, 'cex.ndjson');
    const e = paxos(['explore', '--bug', 'accept-below-promise', '--trace', cex]);
    expect(e.code).toBe(1);
    expect(e.stdout).toContain(`trace: ${cex}`);
    const r = paxos(['trace-check', cex]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/claims Phase2b/);
    expect(r.stdout).toMatch(/Phase2b\("a\d", 0, "x"\) is not enabled: conjunct 2 of Phase2b\(a, b, v\)/);
    expect(r.stdout).toMatch(/where b = 0, maxBal\[a\] = 1/);
  });

  test('--engine tlc without a jar says how to configure it', () => {
    const r = runPaxos(['trace-check', trace, '--engine', 'tlc'], { TLA2TOOLS_JAR: join(dir, 'absent.jar') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TLC is not configured: set TLA2TOOLS_JAR/);
  });
});
