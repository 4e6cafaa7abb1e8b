// `paxos explore --conformance` as a user runs it: a configuration file and
// --crashes taken as without the flag, figures and coverage printed, exit 0;
// a seeded bug reported on its offending transition, exit 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../modelcheck/src/models.ts';

function paxos(args: string[]) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'paxos.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('paxos explore --conformance', () => {
  test('a configuration file and --crashes: conformance holds, with both engines\' figures and the coverage', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paxos-conf-')), 'two.json');
    writeFileSync(file, JSON.stringify({ acceptors: 2 }));
    const r = paxos(['explore', '--conformance', '--config', file, '--crashes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^paxos explore --conformance: 2 proposers, 2 acceptors, 1 learner; .*; crashes on\n/);
    expect(r.stdout).toMatch(/implementation: 33,012 distinct states, depth \d+, [\d,]+ transitions/);
    expect(r.stdout).toContain('spec/Paxos.tla: 786 reachable states, 2,256 distinct steps');
    expect(r.stdout).toMatch(/conformance holds: each of the [\d,]+ transitions is a step of the spec's Next/);
    expect(r.stdout).toMatch(/coverage: reaches 223 of 786 spec states \(28\.4%\)/);
  });

  test('a seeded bug: the offending transition, why it fails, and exit 1', () => {
    const r = paxos(['explore', '--conformance', '--acceptors', '2', '--bug', 'accept-below-promise']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/conformance FAILS: .*\n {4}a1 receives 2a\(bal=0, val=x\) from p0 {2}\[Phase2b\(a1, 0, x\)\]/);
    expect(r.stdout).toContain('the model checker says this spec state is unreachable');
  });
});
