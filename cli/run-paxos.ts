// Running the `paxos` command as a user does, for the CLI tests: a child
// process from the repository root, colours off.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../modelcheck/src/models.ts';

export function runPaxos(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'paxos.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
