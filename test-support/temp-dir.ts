// One temporary directory per test run: every test (and every server
// process a test starts) that asks os.tmpdir() for a place gets this run's
// directory, and it is removed when the run ends.  Tests made hundreds of
// directories a run (logs, clusters, traces, reports) and left them all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'paxos-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
