// The `paxos` command as a user runs it: a real process, its exit code, its
// standard output and error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { listModels, repoRoot } from '../modelcheck/src/models.ts';
import { formatCount } from './progress.ts';

function paxos(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'paxos.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('paxos check', () => {
  test('--list shows every model with its pinned figures', () => {
    const r = paxos(['check', '--list']);
    expect(r.code).toBe(0);
    for (const m of listModels()) {
      expect(r.stdout).toContain(`${m.name}  (${m.tier}; spec/models/${m.name}.cfg)`);
      expect(r.stdout).toContain(`pinned: ${formatCount(m.expected.distinct!)} distinct states, depth ${m.expected.depth}`);
    }
  });

  test('--spec NAME is the [spec] argument, for models; two different specs are refused', () => {
    const byFlag = paxos(['check', '--spec', 'MultiPaxos', '--list']);
    expect(byFlag.code).toBe(0);
    expect(byFlag.stdout).toBe(paxos(['check', 'MultiPaxos', '--list']).stdout);
    expect(byFlag.stdout).toContain('MultiPaxos.small');
    expect(byFlag.stdout).not.toMatch(/^Paxos\.small/m);
    const both = paxos(['check', 'Paxos', '--spec', 'MultiPaxos', '--list']);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toBe('paxos: check: two specs named, Paxos and --spec MultiPaxos\n');
  });

  test('checks a model end to end, with progress lines on a non-terminal', () => {
    const model = listModels().find((m) => m.name === 'Paxos.weighted')!;
    const r = paxos(['check', 'Paxos', '--model', 'Paxos.weighted']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`Paxos\\.weighted +ok +${formatCount(model.expected.distinct!)} distinct states · depth ${model.expected.depth} · `),
    );
    expect(r.stdout).toContain('every invariant holds and every count matches its pin');
    // Not a terminal: plain lines, no carriage returns or escape codes.
    expect(r.stderr).toMatch(/^Paxos\.weighted: 1\.\d s elapsed · \d+ MiB in use/m);
    expect(r.stderr).not.toMatch(/\r|\x1b/);
  });

  test('--engine tlc without a jar says how to configure TLC, and fails', () => {
    const r = paxos(['check', '--model', 'Paxos.small', '--engine', 'tlc'], { TLA2TOOLS_JAR: '/nonexistent.jar' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('TLC is not configured: set TLA2TOOLS_JAR');
  });

  test('an unknown engine is refused with the choices', () => {
    const r = paxos(['check', '--engine', 'spin']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/argument 'spin' is invalid. Allowed choices are embedded, tlc/);
  });

  test('an unknown spec or model is one clear line', () => {
    const spec = paxos(['check', 'Raft']);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/^paxos: no models for spec 'Raft' in .*spec\/models \(specs with models: MultiPaxos, Paxos\)\n$/);
    const model = paxos(['check', '--model', 'Paxos.huge']);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/^paxos: no model 'Paxos.huge'/);
  });

  test('a malformed model file names the file and line, and fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paxos-cli-'));
    const cfg = join(dir, 'Paxos.bad.cfg');
    writeFileSync(cfg, 'CONSTANTS\n    Values = {v1, v2}\n    NumProposers <- Two\nINIT Init\n');
    const r = paxos(['check', 'spec/Paxos.tla', '--model', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`paxos: ${cfg}:3: '<-' (substitution) is not supported by the embedded engine\n`);
  });

  test('a bad flag value is refused', () => {
    const r = paxos(['check', '--timeout', 'soon']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--timeout takes a positive integer, got 'soon'/);
  });

  test('load refuses a value longer than a client line can carry, before touching any cluster', () => {
    const r = paxos(['load', '--value-bytes', '70000', '--dir', join(tmpdir(), 'paxos-cli-no-such-cluster')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--value-bytes takes at most 60000 \(a client line is at most 64 KiB\), got '70000'/);
  });
});
