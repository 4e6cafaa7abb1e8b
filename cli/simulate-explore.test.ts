// `paxos simulate` and `paxos explore` as a user runs them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPaxos } from './run-paxos.ts';

const paxos = (args: string[]) => runPaxos(args);

const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-sim-'));

describe('paxos simulate', () => {
  test('the README run: decisions, zero violations, and the same trace byte for byte from the same seed', () => {
    const args = ['simulate', '--seed', '1', '--steps', '10000', '--faults', 'loss=0.2,dup=0.1,crash=0.01'];
    const a = paxos([...args, '--trace', join(dir, 'a.ndjson')]);
    const b = paxos([...args, '--trace', join(dir, 'b.ndjson')]);
    expect(a.code).toBe(0);
    const decided = /instances: ([\d,]+) started, ([\d,]+) decided/.exec(a.stdout);
    expect(Number(decided![2]!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(a.stdout).toMatch(/faults injected: [\d,]+ messages lost, [\d,]+ duplicated, [\d,]+ crashes/);
    expect(a.stdout).toContain('(0 violations)');
    const trace = readFileSync(join(dir, 'a.ndjson'));
    expect(trace.equals(readFileSync(join(dir, 'b.ndjson')))).toBe(true);
    const lines = trace.toString().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ format: 'paxos-ref/trace', spec: 'Paxos', source: { seed: 1 } });
    const step = lines.find((l) => l.action === 'Phase1b')!;
    expect(Object.keys(step)).toEqual(['seq', 'instance', 'time', 'node', 'role', 'action', 'params', 'received', 'sent', 'vars', 'input']);
  });

  test('a seeded bug is reported with the seed, the step and the events that led to it, and fails', () => {
    const r = paxos(['simulate', '--seed', '2', '--steps', '5000', '--faults', 'loss=0.2', '--bug', 'accept-below-promise']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/VIOLATION at step \d+ \(instance \d+\): Agreement violated: \S+ and \S+ are both chosen/);
    expect(r.stdout).toMatch(/replay: paxos simulate --seed 2 --steps \d+ --faults loss=0.2 --bug accept-below-promise/);
    expect(r.stdout).toMatch(/receives \{"type":"2a".*: Phase2b/);
  });

  test('bad faults are one clear line', () => {
    const r = paxos(['simulate', '--faults', 'loss=0.2,crsh=0.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("paxos: --faults: unknown fault 'crsh' (known: loss, dup, crash, partition, delay)\n");
  });
});

describe('paxos explore', () => {
  test('a seeded bug: a shortest counterexample, step by step with spec actions, and failure', () => {
    const r = paxos(['explore', '--bug', 'accept-below-promise']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Agreement violated: x and y are both chosen, after 16 steps \(a shortest path\)/);
    expect(r.stdout).toMatch(/a1 receives 2a\(bal=0, val=x\) from p0 {2}\[Phase2b\(a1, 0, x\)\]/);
  });

  test('a configuration file, with flags on top; figures reported', () => {
    const file = join(dir, 'small.json');
    writeFileSync(file, JSON.stringify({ proposers: 1, acceptors: 3, values: ['x'], maxBallot: 2 }));
    const r = paxos(['explore', '--config', file, '--max-ballot', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 proposers, 3 acceptors, 1 learner; values x .*; ballots 0\.\.0; crashes off/);
    expect(r.stdout).toMatch(/[\d,]+ distinct states, depth \d+, [\d,]+ transitions, .* \([\d,]+ distinct states\/s\)/);
    expect(r.stdout).toContain('safety: Agreement, Validity and LearnedIsChosen hold in every state');
  });

  test('a bad configuration file names the file and field', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ requests: 'some' }));
    const r = paxos(['explore', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paxos: ${file}: field 'requests' must be "own" or "any", got "some"\n`);
  });
});
