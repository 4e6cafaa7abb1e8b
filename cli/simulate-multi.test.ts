// `paxos simulate --protocol multi` as a user runs it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPaxos } from './run-paxos.ts';

const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-sim-multi-'));

describe('paxos simulate --protocol multi', () => {
  test('commits commands, reports zero violations and a linearizable history; same seed, same trace', () => {
    const args = ['simulate', '--protocol', 'multi', '--seed', '3', '--steps', '2000', '--faults', 'loss=0.1,dup=0.05,crash=0.01,partition=0.01'];
    const a = runPaxos([...args, '--trace', join(dir, 'a.ndjson')]);
    const b = runPaxos([...args, '--trace', join(dir, 'b.ndjson')]);
    expect(a.code).toBe(0);
    expect(Number(/commands committed: ([\d,]+)/.exec(a.stdout)![1]!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(a.stdout).toMatch(/throughput: [\d.]+ commands per simulated second/);
    expect(a.stdout).toContain('(0 violations)');
    expect(a.stdout).toMatch(/linearizable: yes/);
    expect(readFileSync(join(dir, 'a.ndjson')).equals(readFileSync(join(dir, 'b.ndjson')))).toBe(true);
  });

  test('a seeded bug stops the run with the seed and a replay command', () => {
    const r = runPaxos(['simulate', '--protocol', 'multi', '--seed', '5', '--steps', '400', '--faults', 'loss=0.15,dup=0.1,crash=0.02,partition=0.02', '--clients', '2', '--window', '4', '--max-batch', '4', '--bug', 'replica-applies-out-of-order']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/VIOLATION at step \d+: LogPrefix/);
    expect(r.stdout).toMatch(/replay: paxos simulate --protocol multi --seed 5 --steps \d+ .*--bug replica-applies-out-of-order/);
  });

  test('bad flags are one line and a non-zero exit', () => {
    for (const args of [['--protocol', 'mult'], ['--protocol', 'multi', '--proposers', '2'], ['--protocol', 'multi', '--bug', 'nope'], ['--window', '3']]) {
      const r = runPaxos(['simulate', '--steps', '10', ...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/error|paxos:/);
    }
  });
});
